package dev.chatstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatstore.ChatStore;
import dev.chatstore.keyspace.Area;
import dev.chatstore.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatstore inspect}, run as a user runs it. */
class InspectCommandTest {
  @TempDir
  Path dir;
  String uri;

  @BeforeEach
  void fill() {
    uri = "sqlite:" + dir.resolve("data");
    try (ChatStore store = ChatStore.open(uri)) {
      store.tenant("alice:phone").area(Area.ENGINE).put(Tuple.of("doc").pack(),
          "{\"name\":\"Alice\",\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8));
      store.tenant("alice:phone").area(Area.SIGNAL).put(Tuple.of("pre-key", 1).pack(),
          new byte[] {0, 1, 2, (byte) 0xFF});
      store.tenant("alice:phone").area(Area.SIGNAL).put(Tuple.of("pre-key", 2).pack(),
          new byte[] {3});
      store.tenant("bob").area(Area.APP_STATE).put(Tuple.of("version").pack(),
          Tuple.of(42L).pack());
      store.tenant("bob").area(Area.APP).put(Tuple.of("note").pack(),
          "hello there".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void overview_listsTenantsAreasAndCounts() {
    Cli r = Cli.run("inspect", uri);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains(": 2 tenants")
        .containsPattern("alice:phone\\s+signal\\s+2")
        .containsPattern("\\s+engine\\s+1")
        .containsPattern("bob\\s+app_state\\s+1")
        .contains("keys in all: 5");
  }

  @Test
  void overview_asJson() throws Exception {
    Cli r = Cli.run("inspect", "--json", uri);
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode root = ValueText.JSON.readTree(r.out());
    assertThat(root.get("tenants").get(0).get("id").asText()).isEqualTo("alice:phone");
    assertThat(root.get("tenants").get(0).get("areas").get("signal").asLong()).isEqualTo(2);
    assertThat(root.get("keys").asLong()).isEqualTo(5);
  }

  @Test
  void overview_ofAnEmptyMemoryStore() {
    Cli r = Cli.run("inspect", "memory:");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("memory").contains(": 0 tenants").contains("keys in all: 0");
  }

  @Test
  void key_showsOneRecordDecoded_jsonTupleTextOrHex() {
    Cli r = Cli.run("inspect", uri, "alice:phone/engine/doc", "bob/app_state/version",
        "bob/app/note", "alice:phone/signal/pre-key/1");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("alice:phone/engine/doc").contains("json")
        .contains("\"name\" : \"Alice\"")
        .contains("bob/app_state/version").contains("tuple").contains("(42)")
        .contains("\"hello there\"")
        .contains("alice:phone/signal/pre-key/1").contains("4 bytes, bytes")
        .contains("00000000  00 01 02 ff");
  }

  @Test
  void prefixKey_listsTheRecordsUnderIt() {
    Cli r = Cli.run("inspect", "--limit", "1", uri, "alice:phone/signal/pre-key");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("no record of its own; 2 under it, the first 1:")
        .contains("alice:phone/signal/pre-key/1").doesNotContain("pre-key/2");
  }

  @Test
  void missingKey_isExitCode1_naming_it() {
    Cli r = Cli.run("inspect", uri, "carol/chat/nothing");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("no record carol/chat/nothing");
  }

  @Test
  void malformedKey_isExitCode2() {
    Cli r = Cli.run("inspect", uri, "alice/nosuch");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown area 'nosuch'");
  }

  @Test
  void help_documentsTheKeySyntaxAndExitCodes() {
    Cli r = Cli.run("inspect", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("TENANT/AREA/PART").contains("Exit codes:");
  }
}
