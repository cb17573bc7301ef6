// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import java.util.Random;

/** Runs a randomized test body with a fresh seed, and names the seed when it fails. */
final class Seeded {
  /** A test body driven by a {@link Random}. */
  @FunctionalInterface
  interface Body {
    void run(Random random) throws Exception;
  }

  private Seeded() {}

  /** Runs {@code body}; a failure is rethrown as an error naming {@code what} and the seed. */
  static void run(String what, Body body) {
    long seed = System.nanoTime();
    try {
      body.run(new Random(seed));
    } catch (Throwable e) {
      throw new AssertionError(what + " failed with seed " + seed + "L: " + e, e);
    }
  }
}
