package com.medialogis.dmp.support.ids;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.Test;

public class OidsTest {

    @Test
    public void uniqueIdsAreOidsUnder2_25MadeOfAUuid() {
        assertEquals("the example of ITU-T X.667 clause 6.3", "2.25.329800735698586629295641978511506172918",
                Oids.of(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
        assertEquals("2.25.340282366920938463463374607431768211455",
                Oids.of(UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")));
        String fresh = Oids.random();
        assertTrue(fresh, fresh.matches("2\\.25\\.[1-9][0-9]{0,38}"));
        assertNotEquals(fresh, Oids.random());
    }
}
