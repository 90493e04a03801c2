package com.medialogis.dmp.identity.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.medialogis.dmp.identity.IdentityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The whole sample published by ASIP Santé must match, row for row. */
public class AsipSampleTest {

    private static final int SAMPLE_ROWS = 14_369;

    private final AsipInsCalculator calculator = new AsipInsCalculator();

    @Test
    public void everySampleRowGivesThePublishedNirKeyAndInscAndItsInscIsAcceptedAsTyped() throws IOException, IdentityException {
        Path sample = Path.of(System.getProperty("dmp.shared.dir", "../../../shared"),
                "testdata", "insc", "asip-insc-sample.csv");
        assumeTrue("ASIP INS-C sample not found at " + sample.toAbsolutePath()
                + ": this test is skipped (CI always has it)", Files.isRegularFile(sample));

        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        List<String> mismatches = new ArrayList<>();
        int rows = 0;
        for (String line : lines.subList(2, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(";", -1);
            String firstName = fields[0];
            String birthDate = fields[1];
            String nir13 = fields[2];
            String nirKey = fields[3];
            String expectedInsc = fields[4] + fields[5].strip();
            rows++;

            String key = calculator.nir(nir13).value().substring(13);
            String insc = calculator.insc(firstName, birthDate, nir13 + nirKey).value();
            String typed = calculator.identifier(expectedInsc).value();
            if (!key.equals(nirKey) || !insc.equals(expectedInsc) || !typed.equals(expectedInsc)) {
                mismatches.add("row " + (rows + 2) + ": key " + key + " vs " + nirKey
                        + ", INS-C " + insc + " vs " + expectedInsc);
            }
        }
        assertEquals("rows read", SAMPLE_ROWS, rows);
        assertTrue(mismatches.size() + " mismatches, first: " + mismatches.stream().limit(5).toList(),
                mismatches.isEmpty());
    }
}
