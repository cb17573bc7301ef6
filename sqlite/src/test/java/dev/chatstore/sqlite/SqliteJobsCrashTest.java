package dev.chatstore.sqlite;

import dev.chatstore.jobs.Persistency;
import dev.chatstore.tck.crash.CrashHarness;
import dev.chatstore.tck.crash.CrashTarget;
import dev.chatstore.tck.crash.CrashWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing to the jobs of a {@link Persistency} (one SQLite database per job), killed
 * with SIGKILL at random moments, loses no write whose future completed, leaves no
 * {@code persist} batch in part and no payload torn, and the reopened {@code Persistency} opens
 * every job as it is; each job's database then passes {@code PRAGMA integrity_check}. Four jobs
 * write at once ({@link CrashWorkload#jobsOnly()}), each with four fire-and-forget writes in
 * flight, so that each job's writer commits several writes together. 50 kills by default, as
 * every crash run ({@code -Dchatstore.crash.kills} and {@code -Dchatstore.crash.seconds} ask
 * for more).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SqliteJobsCrashTest {
  @TempDir
  Path dir;

  /** A persistency with SQLite jobs under the folder, with default options. */
  public static final class Jobs implements CrashTarget {
    @Override
    public Stores open(Path dir) {
      return Stores.ofJobs(Persistency.open(dir));
    }

    @Override
    public String checkFiles(Path dir) throws Exception {
      List<Path> jobs;
      try (Stream<Path> s = Files.list(dir)) {
        jobs = s.filter(Files::isDirectory).sorted().toList();
      }
      for (Path job : jobs) {
        String broken = SqliteCrashTest.integrity(job);
        if (broken != null) {
          return broken;
        }
      }
      return null;
    }
  }

  @Test
  void killedWhileJobsWrite_keepEveryCompletedWrite() throws Exception {
    CrashHarness.of(CrashWorkload.jobsOnly(), Jobs.class).run(dir);
  }
}
