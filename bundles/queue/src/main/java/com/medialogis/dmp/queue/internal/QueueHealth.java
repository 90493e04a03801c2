package com.medialogis.dmp.queue.internal;

import java.time.Duration;
import org.apache.felix.hc.api.Result;

/** The queue's state for its health check, a service of this bundle only. */
public interface QueueHealth {

    /**
     * Never waits for the database to open: opening, open, or why not; the failures of the queue's
     * threads; deposits refused or waiting too long; free disk space.
     *
     * @param longestWait how long the oldest queued deposit may wait before it is a warning
     * @param lowDisk below how many free bytes in the queue's folder it is a warning
     */
    Result health(Duration longestWait, long lowDisk);
}
