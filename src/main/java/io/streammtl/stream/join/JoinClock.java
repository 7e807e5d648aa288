package io.streammtl.stream.join;

/**
 * The join's time, against which TTLs and orphan waits expire. It is label time: the largest record timestamp of
 * the labels read so far, so that a backlog read after an outage expires events as its labels tell, not as the wall
 * clock does (which would expire everything at once and call every backlogged label late). While no label arrives
 * for {@code idleAdvance}, it runs on at the wall clock's pace from there, so expiry never stalls on a quiet
 * labels topic (the trap of windowed joins whose stream time moves only with input). After a restart it resumes
 * from the value last committed and counts wall time from the restart only; the first start begins at the wall
 * clock (so a first start over a backlog older than the TTLs expires it).
 */
public final class JoinClock {
    private final long idleAdvanceMillis;
    private long labelTime;
    private long wallAtLastLabel;
    private long now;

    /**
     * A clock at {@code restored}, whose wall time counts from {@code wallNow}; a join that never committed
     * ({@code restored} 0) starts at the wall clock.
     */
    public JoinClock(long restored, long wallNow, long idleAdvanceMillis) {
        this.idleAdvanceMillis = idleAdvanceMillis;
        this.labelTime = restored == 0 ? wallNow : restored;
        this.now = labelTime;
        this.wallAtLastLabel = wallNow;
    }

    /** A label record of time {@code timestamp} was read at wall time {@code wallNow}. */
    public void label(long timestamp, long wallNow) {
        if (timestamp > labelTime) {
            labelTime = timestamp;
        }
        now = Math.max(now, labelTime);
        wallAtLastLabel = wallNow;
    }

    /** Lets the clock run on with the wall clock when no label came for {@code idleAdvance}. */
    public void tick(long wallNow) {
        long idle = wallNow - wallAtLastLabel;
        if (idle >= idleAdvanceMillis) {
            now = Math.max(now, labelTime + idle);
        }
    }

    /** The join's current time, never decreasing. */
    public long now() {
        return now;
    }
}
