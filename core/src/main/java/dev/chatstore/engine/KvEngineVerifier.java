package dev.chatstore.engine;

import dev.chatstore.engine.KvLayout.Doc;
import dev.chatstore.engine.KvLayout.Index;
import dev.chatstore.kv.Bytes;
import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import dev.chatstore.tuple.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consistency check of {@link KvEngine#verifyIndex()}: reads every record of the engine and
 * reports each document without its recency entries, each recency entry without its document, and
 * each message index whose header, entries and id entries disagree. At most
 * {@value #MAX_PROBLEMS} problems are reported. Not thread-safe; one per check.
 */
final class KvEngineVerifier {
  static final int MAX_PROBLEMS = 100;
  private static final int PAGE = 1000;
  private static final int MULTI_GET = 1000;

  private final KvStore store;
  private final List<String> problems = new ArrayList<>();

  KvEngineVerifier(KvStore store) {
    this.store = store;
  }

  List<String> verify() {
    Map<String, Long> stamps = new HashMap<>();
    Map<String, Index> headers = new HashMap<>();
    documents(stamps, headers);
    recency(stamps);
    messageEntries(headers);
    return List.copyOf(problems);
  }

  /** Every document has one recency entry per ancestor directory, at its stamp. */
  private void documents(Map<String, Long> stamps, Map<String, Index> headers) {
    List<byte[]> expected = new ArrayList<>();
    List<String> what = new ArrayList<>();
    store.stream(KvLayout.NODES.range(), Direction.ASCENDING, PAGE).forEach(e -> {
      Tuple t = KvLayout.NODES.unpack(e.key());
      if (!KvLayout.isDoc(t)) {
        return;
      }
      String key = t.getString(0);
      Doc d;
      try {
        d = Doc.decode(key, e.value());
      } catch (RuntimeException bad) {
        problem("document " + EngineKeys.quote(key) + " cannot be decoded: " + bad.getMessage());
        return;
      }
      stamps.put(key, d.stamp());
      if (d instanceof Index i) {
        headers.put(key, i);
      }
      expected.add(KvLayout.recentKey("", d.stamp(), key));
      what.add("document " + EngineKeys.quote(key) + " has no recency entry in directory \"\"");
      for (int s = key.indexOf('/'); s >= 0; s = key.indexOf('/', s + 1)) {
        String dir = key.substring(0, s + 1);
        expected.add(KvLayout.recentKey(dir, d.stamp(), key.substring(s + 1)));
        what.add("document " + EngineKeys.quote(key) + " has no recency entry in directory "
            + EngineKeys.quote(dir));
      }
      if (expected.size() >= MULTI_GET) {
        expectPresent(expected, what);
      }
    });
    expectPresent(expected, what);
  }

  private void expectPresent(List<byte[]> keys, List<String> what) {
    if (keys.isEmpty()) {
      return;
    }
    List<byte[]> got = store.getAll(keys);
    for (int i = 0; i < got.size(); i++) {
      if (got.get(i) == null) {
        problem(what.get(i));
      }
    }
    keys.clear();
    what.clear();
  }

  /** Every recency entry has its document, at the same stamp, under an ancestor directory. */
  private void recency(Map<String, Long> stamps) {
    store.stream(KvLayout.NODES.range(), Direction.ASCENDING, PAGE).forEach(e -> {
      Tuple t = KvLayout.NODES.unpack(e.key());
      if (t.size() == 1) {
        return; // a document or a directory version
      }
      if (t.size() != 3) {
        problem("record " + t + " is neither a document nor a recency entry");
        return;
      }
      String dir = t.getString(0);
      String key = KvLayout.keyOfRecent(t);
      long stamp = KvLayout.stampOfRecent(t);
      Long docStamp = stamps.get(key);
      if (!dir.isEmpty() && !dir.endsWith("/")) {
        problem("recency entry of " + EngineKeys.quote(key) + " is in " + EngineKeys.quote(dir)
            + ", which is not a directory");
      } else if (docStamp == null) {
        problem("recency entry of " + EngineKeys.quote(key) + " in directory "
            + EngineKeys.quote(dir) + " has no document");
      } else if (docStamp != stamp) {
        problem("recency entry of " + EngineKeys.quote(key) + " in directory "
            + EngineKeys.quote(dir) + " has stamp " + stamp + ", its document " + docStamp);
      }
    });
  }

  /** Every message index header counts its entries; entries by time and by id agree. */
  private void messageEntries(Map<String, Index> headers) {
    Map<String, Long> counted = new HashMap<>();
    store.stream(KvLayout.MSGS.range(), Direction.ASCENDING, PAGE).forEach(e -> {
      Tuple t = KvLayout.MSGS.unpack(e.key());
      String key = t.getString(0);
      counted.merge(key, 1L, Long::sum);
      if (!headers.containsKey(key)) {
        problem("message entry " + t + " has no message index document");
        return;
      }
      byte[] byId = store.get(KvLayout.msgIdKey(key, t.getString(2)));
      if (byId == null || KvLayout.longOf("id entry", byId) != t.getLong(1)) {
        problem("message entry " + t + " has id entry " + Bytes.show(byId)
            + "; expected its timestamp");
      }
    });
    Map<String, Long> countedIds = new HashMap<>();
    for (KvEntry e : store.scanAll(KvLayout.MSG_IDS.range())) {
      countedIds.merge(KvLayout.MSG_IDS.unpack(e.key()).getString(0), 1L, Long::sum);
    }
    for (Map.Entry<String, Index> h : headers.entrySet()) {
      long n = counted.getOrDefault(h.getKey(), 0L);
      long ids = countedIds.getOrDefault(h.getKey(), 0L);
      if (n != h.getValue().count() || ids != n) {
        problem("message index " + EngineKeys.quote(h.getKey()) + " counts "
            + h.getValue().count() + " entries but holds " + n + " by time and " + ids + " by id");
      }
    }
  }

  private void problem(String p) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(p);
    }
  }
}
