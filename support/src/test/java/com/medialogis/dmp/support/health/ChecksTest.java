package com.medialogis.dmp.support.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.Test;

public class ChecksTest {

    private static List<String> entries(Result result) {
        List<String> entries = new ArrayList<>();
        for (ResultLog.Entry entry : result) {
            entries.add(entry.getStatus() + " " + entry.getMessage());
        }
        return entries;
    }

    @Test
    public void aReportIsAsBadAsItsWorstFindingAndSaysWhatToDoForEachProblem() {
        Result result = new Checks.Report()
                .ok("12 deposits queued")
                .problem(Result.Status.WARN, "2 deposits FAILED", "queue:list FAILED")
                .result();
        assertEquals(Result.Status.WARN, result.getStatus());
        assertEquals(List.of("OK 12 deposits queued", "WARN 2 deposits FAILED", "WARN to do: queue:list FAILED"), entries(result));
        assertEquals(Result.Status.CRITICAL, Checks.problem(Result.Status.CRITICAL, "gone", "restart").getStatus());
        assertEquals(Result.Status.OK, Checks.ok("fine").getStatus());
        assertThrows(IllegalArgumentException.class, () -> Checks.problem(Result.Status.OK, "fine", "nothing"));
    }
}
