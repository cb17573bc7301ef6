package dev.chatstore.cli;

import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Tenant;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A small fixed data set for the tests of the commands that move data (export, import, migrate):
 * three tenants of 748 keys each (2,244 in all) in five areas: credentials, 200 pre-keys and 20
 * sessions of 1,200 bytes, app state, device lists, 500 chat messages. No expiring keys, so
 * dumps of it are byte-identical whenever they are taken.
 */
final class SampleStore {
  static final List<String> TENANTS = List.of("alice:phone", "bob:laptop", "support-bot:node-1");

  private SampleStore() {}

  /** Writes the data set into {@code uri}; returns {@code uri}. */
  static String write(String uri) {
    try (ChatStore store = ChatStore.open(uri)) {
      for (String id : TENANTS) {
        writeTenant(store.tenant(id));
      }
    }
    return uri;
  }

  private static void writeTenant(Tenant tenant) {
    String id = tenant.id();
    WriteBatch.Builder creds = WriteBatch.builder();
    for (String name : List.of("noise-key", "identity-key", "adv-secret-key", "signed-pre-key")) {
      creds.put(Tuple.of(name).pack(), DemoData.bytes(id + name, 32));
    }
    creds.put(Tuple.of("registration-id").pack(), DemoData.bytes(id + "reg", 4));
    tenant.area(Area.CREDENTIALS).write(creds.build());

    WriteBatch.Builder signal = WriteBatch.builder();
    for (int i = 1; i <= 200; i++) {
      signal.put(Tuple.of("pre-key", i).pack(), DemoData.bytes(id + "pk" + i, 64));
    }
    for (int i = 0; i < 20; i++) {
      signal.put(Tuple.of("session", contact(i), 0).pack(), DemoData.bytes(id + "s" + i, 1200));
    }
    tenant.area(Area.SIGNAL).write(signal.build());

    tenant.area(Area.APP_STATE).write(WriteBatch.builder()
        .put(Tuple.of("version", "regular_high").pack(), Tuple.of(42L).pack())
        .put(Tuple.of("version", "critical_block").pack(), Tuple.of(7L).pack()).build());

    WriteBatch.Builder devices = WriteBatch.builder();
    for (int i = 0; i < 21; i++) {
      devices.put(Tuple.of("device-list", contact(i)).pack(), Tuple.of(0L, 1L, 2L).pack());
    }
    tenant.area(Area.DEVICE).write(devices.build());

    WriteBatch.Builder chat = WriteBatch.builder();
    for (int m = 0; m < 500; m++) {
      int c = m % 5;
      String text = "{\"from\":\"" + contact(c) + "\",\"text\":\"message " + m / 5 + " in chat "
          + c + " of " + id + "\"}";
      chat.put(Tuple.of("msg", contact(c), DemoData.BASE_TIME + m * 1000L, "3EB0" + m).pack(),
          text.getBytes(StandardCharsets.UTF_8));
    }
    tenant.area(Area.CHAT).write(chat.build());
  }

  private static String contact(int i) {
    return String.format(Locale.ROOT, "1555%07d@s.whatsapp.net", i);
  }
}
