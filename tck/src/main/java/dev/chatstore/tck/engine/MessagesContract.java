package dev.chatstore.tck.engine;

import static dev.chatstore.tck.engine.EngineTck.assertRefused;
import static dev.chatstore.tck.engine.EngineTck.runConcurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatstore.engine.Engine;
import dev.chatstore.engine.EngineKeys;
import dev.chatstore.engine.MessageDoc;
import dev.chatstore.engine.MessageRef;
import dev.chatstore.engine.Messages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The message index of a chat ({@link Messages}): newest-first pages ordered by timestamp then
 * id, one entry per id, counts, the latest entry, removal of a message with its documents and of a
 * chat, the specification's text behind {@code chat/{jid}/messages}, and no lost append under
 * concurrency.
 */
public interface MessagesContract extends EngineContract {

  private Messages messages() {
    return messagesOf(engine());
  }

  private static MessageRef ref(long ts, String id) {
    return new MessageRef(ts, id);
  }

  @Test
  default void emptyChat_hasNoEntries() {
    Messages m = messages();
    assertEquals(List.of(), m.page("c", 0, 10), "a chat without an index should have no page");
    assertEquals(0, m.count("c"), "a chat without an index should count 0");
    assertEquals(Optional.empty(), m.latest("c"), "a chat without an index has no latest");
    assertNull(engine().get("chat/c/messages"), "no index document before the first append");
  }

  @Test
  default void page_isOrderedByTimestampThenId_notByArrival() {
    Messages m = messages();
    m.append("c", 200, "B");
    m.append("c", 100, "Z");
    m.append("c", 300, "A");
    m.append("c", 200, "C");
    m.append("c", 200, "A2");
    assertEquals(List.of(ref(300, "A"), ref(200, "C"), ref(200, "B"), ref(200, "A2"),
        ref(100, "Z")), m.page("c", 0, 10),
        "a page should be newest timestamp first, and by id (descending) within one timestamp");
    assertEquals(Optional.of(ref(300, "A")), m.latest("c"), "latest should be the newest entry");
    assertEquals(5, m.count("c"), "count should be the number of entries");
  }

  @Test
  default void page_offsetAndLimit_sliceTheNewestFirstOrder() {
    Messages m = messages();
    List<MessageRef> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      m.append("c", 1000 + i, String.format("ID%02d", i));
      all.add(0, ref(1000 + i, String.format("ID%02d", i)));
    }
    assertEquals(all.subList(0, 10), m.page("c", 0, 10), "the first page is the newest 10");
    assertEquals(all.subList(25, 30), m.page("c", 25, 10), "the last page is what remains");
    assertEquals(List.of(), m.page("c", 30, 10), "a page past the end is empty");
    assertRefused(engine(), "page with a negative offset", null, () -> m.page("c", -1, 10));
    assertRefused(engine(), "page with limit 0", null, () -> m.page("c", 0, 0));
  }

  @Test
  default void append_ofTheSameIdTwice_keepsOneEntry() {
    Messages m = messages();
    assertTrue(m.append("c", 100, "DUP"), "the first append of an id should report it new");
    assertFalse(m.append("c", 100, "DUP"), "a redelivery should report the id known");
    assertEquals(List.of(ref(100, "DUP")), m.page("c", 0, 10), "a redelivery keeps one entry");
    assertFalse(m.append("c", 150, "DUP"), "a redelivery with another timestamp is known too");
    m.append("c", 120, "OTHER");
    assertEquals(List.of(ref(150, "DUP"), ref(120, "OTHER")), m.page("c", 0, 10),
        "a redelivery with another timestamp should move the one entry there");
    assertEquals(2, m.count("c"), "count should count each id once");
  }

  @Test
  default void indexDocument_readsBackAsSpecText_newestFirst() {
    Messages m = messages();
    m.append("c", 1767366757000L, "CC29FG2E30HC0476019C48E12D4HHF10");
    m.append("c", 1767366759000L, "AC07DE0D18FA8254897A26C90B2FFD98");
    m.append("c", 1767366758000L, "BC18EF1D29GB9365908B37D01C3GGE09");
    assertEquals("1767366759000 AC07DE0D18FA8254897A26C90B2FFD98\n"
        + "1767366758000 BC18EF1D29GB9365908B37D01C3GGE09\n"
        + "1767366757000 CC29FG2E30HC0476019C48E12D4HHF10\n",
        engine().get(EngineKeys.chatMessages("c")),
        "engine.get(chat/c/messages) should be one \"TS ID\\n\" line per message, newest first");
    assertTrue(engine().list("chat/c/").contains("chat/c/messages"),
        "the index document should be listed like any key");
  }

  @Test
  default void specTextWrittenThroughTheEngine_isReadByMessages() {
    Messages m = messages();
    engine().set("chat/c/messages", "30 C\n20 B\n10 A\n");
    assertEquals(List.of(ref(30, "C"), ref(20, "B"), ref(10, "A")), m.page("c", 0, 10),
        "an index written as text through the engine should be read by Messages");
    assertEquals(3, m.count("c"), "count of an index written as text");
    m.append("c", 25, "X");
    assertEquals("30 C\n25 X\n20 B\n10 A\n", engine().get("chat/c/messages"),
        "an append should keep the text in order");
  }

  @Test
  default void remove_deletesTheIndexLineAndEveryDocumentOfThatMessage_only() {
    Messages m = messages();
    Engine e = engine();
    for (String id : List.of("M1", "M10", "M2")) {
      m.append("c", 5, id);
      e.set(EngineKeys.messageIndex("c", id), "{\"id\":\"" + id + "\"}");
      e.set(EngineKeys.messageContent("c", id), "AAAA");
      e.set(EngineKeys.messageRaw("c", id), "{}");
    }
    assertTrue(m.remove("c", "M1"), "remove of an indexed message should report it held");
    assertEquals(List.of(ref(5, "M2"), ref(5, "M10")), m.page("c", 0, 10),
        "remove should take the message's index line");
    for (String doc : List.of(EngineKeys.messageIndex("c", "M1"),
        EngineKeys.messageContent("c", "M1"), EngineKeys.messageRaw("c", "M1"))) {
      assertNull(e.get(doc), "remove(c, M1) should delete " + doc);
    }
    assertEquals("{\"id\":\"M10\"}", e.get(EngineKeys.messageIndex("c", "M10")),
        "remove(c, M1) should never delete the documents of M10");
    assertEquals(2, m.count("c"), "count after a removal");
    assertFalse(m.remove("c", "M1"), "removing it again should report it absent");
    assertEquals(2, m.count("c"), "removing an absent message changes nothing");
  }

  @Test
  default void removeChat_deletesEverythingOfTheChat_andNoOtherChat() {
    Messages m = messages();
    Engine e = engine();
    for (String chat : List.of("c", "c2")) {
      e.set(EngineKeys.chatIndex(chat), "{}");
      m.append(chat, 1, "M");
      e.set(EngineKeys.messageIndex(chat, "M"), "{}");
    }
    m.removeChat("c");
    assertEquals(0, m.count("c"), "a removed chat counts 0");
    assertEquals(List.of(), e.list("chat/c/"), "nothing under chat/c/ should remain");
    assertEquals(1, m.count("c2"), "removing chat c should not touch chat c2");
    assertEquals("{}", e.get(EngineKeys.messageIndex("c2", "M")),
        "removing chat c should not touch chat c2's documents");
  }

  @Test
  default void load_isNeverShort_aMissingDocumentYieldsNull() {
    Messages m = messages();
    Engine e = engine();
    m.append("c", 3, "HAS");
    m.append("c", 2, "MISSING");
    m.append("c", 1, "ALSO");
    e.set(EngineKeys.messageIndex("c", "HAS"), "{\"id\":\"HAS\"}");
    e.set(EngineKeys.messageIndex("c", "ALSO"), "{\"id\":\"ALSO\"}");
    List<MessageDoc> page = m.load("c", 0, 3);
    assertEquals(3, page.size(), "a page should not be short because a document is missing");
    assertEquals("{\"id\":\"HAS\"}", page.get(0).index(), "a present document is loaded");
    assertEquals(ref(2, "MISSING"), page.get(1).ref(), "the entry of a missing document stays");
    assertNull(page.get(1).index(), "a missing document should load as null");
    assertEquals("{\"id\":\"ALSO\"}", page.get(2).index(), "the page goes on after it");
  }

  @Test
  default void badArguments_areRefused_naming_them() {
    Messages m = messages();
    assertRefused(engine(), "append with a chat id holding /", "a/b", () -> m.append("a/b", 1, "x"));
    assertRefused(engine(), "append with an id holding /", "x/y", () -> m.append("c", 1, "x/y"));
    assertRefused(engine(), "append with an id holding a space", null, () -> m.append("c", 1, "x y"));
    assertRefused(engine(), "append with a negative timestamp", "-1", () -> m.append("c", -1, "x"));
    assertRefused(engine(), "append with an empty id", null, () -> m.append("c", 1, ""));
    assertRefused(engine(), "remove with id ..", null, () -> m.remove("c", ".."));
  }

  @Test
  default void hundredConcurrentAppends_toOneChat_keepAllHundred() {
    Messages m = messages();
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int me = i;
      tasks.add(() -> m.append("busy", 1_700_000_000_000L + me % 10,
          String.format("MSG%03d", me)));
    }
    List<Boolean> added = runConcurrently(tasks);
    assertTrue(added.stream().allMatch(b -> b), "each append of a new id should report it new");
    assertEquals(100, m.count("busy"), "100 concurrent appends should leave 100 entries");
    List<MessageRef> page = m.page("busy", 0, 200);
    assertEquals(100, page.size(), "100 concurrent appends should leave 100 entries");
    assertEquals(100, new HashSet<>(page).size(), "every entry should be distinct");
    List<MessageRef> sorted = new ArrayList<>(page);
    sorted.sort(MessageRef.NEWEST_FIRST);
    assertEquals(sorted, page, "the page should be newest first");
    assertEquals(List.of(), problemsOf(engine()), "the engine should be consistent");
  }
}
