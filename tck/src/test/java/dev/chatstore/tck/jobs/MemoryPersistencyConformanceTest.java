package dev.chatstore.tck.jobs;

import java.nio.file.Path;

/** The persistency contract on {@code memory:}: a new memory store per job, nothing kept. */
class MemoryPersistencyConformanceTest extends PersistencyConformanceSuite {

  @Override
  protected String rootUri(Path dir) {
    return "memory:";
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean filesPerJob() {
    return false;
  }
}
