package dev.chatstore.tck.engine;

import static dev.chatstore.tck.engine.EngineTck.assertRefused;
import static dev.chatstore.tck.engine.EngineTck.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatstore.engine.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code setTtl}: the key is there until its time has passed and gone for every reader from that
 * instant on ({@link EngineCapability#TTL}); an engine without expiry refuses clearly.
 */
public interface TtlContract extends EngineContract {

  @Test
  @RequiresCapability(EngineCapability.TTL)
  default void setTtl_keyIsGoneForEveryReader_fromTheInstantItExpires() {
    Engine e = engine();
    e.set("eph/keep", "stays");
    clock().advanceMillis(1);
    e.setTtl("eph/msg", "vanishing", Duration.ofSeconds(10));
    clock().advance(Duration.ofMillis(9_999));
    assertEquals("vanishing", e.get("eph/msg"), "a key should be readable 1 ms before its ttl");
    assertEquals(List.of("eph/msg", "eph/keep"), e.list("eph/"),
        "a key should be listed 1 ms before its ttl");
    clock().advance(Duration.ofMillis(1));
    assertNull(e.get("eph/msg"), "get should return null once the ttl has passed");
    assertEquals(List.of("eph/keep"), e.list("eph/"), "list should not return an expired key");
    assertEquals(1, e.deletePrefix("eph/"), "deletePrefix should not count an expired key");
  }

  @Test
  @RequiresCapability(EngineCapability.TTL)
  default void set_afterSetTtl_makesTheKeyPermanent() {
    Engine e = engine();
    e.setTtl("k", "temporary", Duration.ofSeconds(1));
    e.set("k", "permanent");
    clock().advance(Duration.ofHours(1));
    assertEquals("permanent", e.get("k"), "set after setTtl should make the key permanent");
  }

  @Test
  @RequiresCapability(EngineCapability.TTL)
  default void setTtl_overwritesAndCanBeDeleted() {
    Engine e = engine();
    e.set("k/a", "1");
    e.setTtl("k/a", "2", Duration.ofMinutes(1));
    assertEquals("2", e.get("k/a"), "setTtl should replace the value");
    assertEquals(List.of("k/a"), e.list("k/"), "the key should be listed once");
    e.set("k", null);
    assertNull(e.get("k/a"), "a cascade delete should remove a key with a ttl");
    clock().advance(Duration.ofMinutes(2));
    assertEquals(List.of(), e.list(""), "nothing should reappear after the ttl");
  }

  @Test
  @RequiresCapability(EngineCapability.TTL)
  default void setTtl_refusesNonPositiveTtlsAndNullValues() {
    Engine e = engine();
    assertRefused(e, "setTtl with ttl 0", null, () -> e.setTtl("k", "v", Duration.ZERO));
    assertRefused(e, "setTtl with a negative ttl", null,
        () -> e.setTtl("k", "v", Duration.ofSeconds(-1)));
    assertRefused(e, "setTtl with a null ttl", null, () -> e.setTtl("k", "v", null));
    assertRefused(e, "setTtl with a null value", null,
        () -> e.setTtl("k", null, Duration.ofSeconds(1)));
  }

  @Test
  @WhenCapabilityAbsent(EngineCapability.TTL)
  default void setTtl_withoutExpiry_isRefused_andChangesNothing() {
    Engine e = engine();
    e.set("k", "1");
    Map<String, String> before = snapshot(e);
    assertThrows(UnsupportedOperationException.class,
        () -> e.setTtl("k", "2", Duration.ofSeconds(1)),
        "an engine without TTL should refuse setTtl with UnsupportedOperationException");
    assertEquals(before, snapshot(e), "a refused setTtl should change nothing");
  }
}
