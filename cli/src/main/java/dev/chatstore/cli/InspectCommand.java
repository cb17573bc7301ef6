package dev.chatstore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.keyspace.Keyspace;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KeyRange;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.ScanPage;
import dev.chatstore.tuple.Subspace;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatstore inspect URI [KEY...]}: without keys, the tenants of a store, the number of
 * keys in each of their areas, and the number of system records; with keys, each record
 * decoded ({@link ValueText}), or, when no record has exactly that key, the records under it
 * (the key taken as a prefix). Keys are written as {@link KeyText} describes.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"Show the tenants, areas and key counts of a store, or records decoded.",
        "",
        "KEY is TENANT/AREA/PART/PART... (a tuple key of one tenant's area; PART is an integer"
            + " when it looks like one, else a string; s:TEXT, i:N, x:HEX, u:UUID, b:true, n:"
            + " force a type; %2F is a / inside a part) or 0xHEX (any key's raw bytes).",
        "Example: inspect sqlite:./chatstore-data alice:phone/signal/pre-key/1",
        "A KEY with no record of its own lists the records under it (up to --limit)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a KEY has no record and none under it, or the store failed",
        "2:bad usage (malformed URI or KEY)"})
final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  EncryptionOptions encryption;

  @Parameters(index = "0", paramLabel = "URI", description = "The store, such as sqlite:./chatstore-data.")
  String uri;

  @Parameters(index = "1..*", paramLabel = "KEY", arity = "0..*",
      description = "Records to show (see above).")
  List<String> keys = List.of();

  @Option(names = "--json", description = "Print the overview as JSON.")
  boolean json;

  @Option(names = "--limit", defaultValue = "20",
      description = "Most records listed under a prefix KEY (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--max-bytes", defaultValue = "4096",
      description = "Most bytes of a binary value shown in hex (default: ${DEFAULT-VALUE}).")
  int maxBytes;

  @Override
  public Integer call() throws Exception {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("--limit " + limit + " is outside 1..10000");
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("--max-bytes " + maxBytes + " must be at least 1");
    }
    List<byte[]> parsed = keys.stream().map(KeyText::parse).toList();
    PrintWriter out = spec.commandLine().getOut();
    try (ChatStore store = encryption.open(uri)) {
      if (parsed.isEmpty()) {
        overview(store, out);
        return 0;
      }
      int exit = 0;
      for (int i = 0; i < parsed.size(); i++) {
        if (!showKey(store, parsed.get(i), keys.get(i), out)) {
          spec.commandLine().getErr().println("chatstore: no record " + keys.get(i)
              + " and none under it");
          exit = 1;
        }
      }
      return exit;
    }
  }

  private void overview(ChatStore store, PrintWriter out) throws Exception {
    List<String> tenants = store.tenants();
    long system = store.kv().count(Subspace.of(Keyspace.SYSTEM_TAG).range());
    if (json) {
      ObjectNode root = ValueText.JSON.createObjectNode();
      root.put("uri", store.uri());
      ArrayNode list = root.putArray("tenants");
      long total = 0;
      for (String id : tenants) {
        ObjectNode t = list.addObject();
        t.put("id", id);
        ObjectNode areas = t.putObject("areas");
        long sum = 0;
        for (Map.Entry<Area, Long> e : store.tenant(id).counts().entrySet()) {
          areas.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
          sum += e.getValue();
        }
        t.put("keys", sum);
        total += sum;
      }
      root.put("systemRecords", system);
      root.put("keys", total + system);
      out.println(ValueText.JSON.writeValueAsString(root));
      return;
    }
    out.println("store " + store.uri() + ": " + tenants.size() + (tenants.size() == 1
        ? " tenant" : " tenants"));
    long total = 0;
    if (!tenants.isEmpty()) {
      int width = Math.max(6, tenants.stream().mapToInt(String::length).max().orElse(6));
      out.printf(Locale.ROOT, "  %-" + width + "s  %-12s %12s%n", "TENANT", "AREA", "KEYS");
      for (String id : tenants) {
        String name = id;
        for (Map.Entry<Area, Long> e : store.tenant(id).counts().entrySet()) {
          out.printf(Locale.ROOT, "  %-" + width + "s  %-12s %,12d%n", name,
              e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
          name = "";
          total += e.getValue();
        }
      }
    }
    out.printf(Locale.ROOT, "  system records: %,d%n", system);
    out.printf(Locale.ROOT, "  keys in all: %,d%n", total + system);
  }

  private boolean showKey(ChatStore store, byte[] key, String text, PrintWriter out) {
    byte[] value = store.kv().get(key);
    if (value != null) {
      printRecord(key, value, out);
      return true;
    }
    KeyRange under = KeyRange.prefix(key);
    ScanPage page = store.kv().scan(under, Direction.ASCENDING, limit);
    if (page.entries().isEmpty()) {
      return false;
    }
    long count = store.kv().count(under);
    out.printf(Locale.ROOT, "%s: no record of its own; %,d under it%s%n", text, count,
        count > limit ? ", the first " + limit + ":" : ":");
    for (KvEntry e : page.entries()) {
      printRecord(e.key(), e.value(), out);
    }
    return true;
  }

  private void printRecord(byte[] key, byte[] value, PrintWriter out) {
    ValueText.Shown shown = ValueText.show(value, maxBytes);
    out.println(KeyText.format(key));
    out.println("  key   " + "0x" + HexFormat.of().formatHex(key));
    out.printf(Locale.ROOT, "  value %,d bytes, %s%n", value.length, shown.kind());
    for (String line : shown.text().split("\\R")) {
      out.println("    " + line);
    }
  }
}
