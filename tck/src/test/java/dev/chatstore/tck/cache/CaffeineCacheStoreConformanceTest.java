package dev.chatstore.tck.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.chatstore.cache.CacheStore;
import dev.chatstore.cache.CaffeineCacheStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The cache contract on the in-process default, with a fake ticker for expiry. */
class CaffeineCacheStoreConformanceTest extends CacheStoreConformanceSuite {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  protected CacheStore open() {
    Ticker ticker = nanos::get;
    return CaffeineCacheStore.create(CaffeineCacheStore.DEFAULT_MAX_BYTES, ticker);
  }

  @Override
  protected void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
