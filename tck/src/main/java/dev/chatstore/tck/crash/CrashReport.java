package dev.chatstore.tck.crash;

import java.time.Duration;

/**
 * What a {@link CrashHarness} run did.
 *
 * @param seed the seed of the run ({@code -Dchatstore.crash.seed} repeats it)
 * @param kills how many times the child was killed and the store checked
 * @param acknowledged how many writes the children reported acknowledged, in all
 * @param applied how many writes the store held after the last kill, in all lanes
 * @param elapsed how long the run took
 */
public record CrashReport(long seed, int kills, long acknowledged, long applied,
    Duration elapsed) {

  @Override
  public String toString() {
    return kills + " kills, " + acknowledged + " acknowledged writes, " + applied
        + " applied, in " + elapsed.toMillis() + " ms (seed " + seed + ")";
  }
}
