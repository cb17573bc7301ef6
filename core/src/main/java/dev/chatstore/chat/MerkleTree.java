package dev.chatstore.chat;

import dev.chatstore.kv.Direction;
import dev.chatstore.kv.KvEntry;
import dev.chatstore.kv.KvStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.Blake3;

/**
 * The Merkle tree of one {@link SyncDomain} of a chat database, for anti-entropy sync: two
 * replicas compare roots, then the level-one nodes, then the leaves, and exchange the ids of
 * the buckets that differ.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>{@value #LEAVES} leaves, one per bucket (the first two bytes of an id): the XOR of the
 *       ids in the bucket, 32 bytes, all zero for an empty bucket;</li>
 *   <li>{@value #LEVEL_ONE} level-one nodes: node {@code i} is BLAKE3 of the 256 leaves
 *       {@code 256·i .. 256·i+255} concatenated in order;</li>
 *   <li>the root: BLAKE3 of the 256 level-one nodes concatenated in order.</li>
 * </ul>
 *
 * <h2>Storage and cost</h2>
 * The leaves are stored in the keyspace (an all-zero leaf is no key at all) and are updated in
 * the same atomic write as the record whose id they cover, only when that write really inserts
 * or removes the id: so they are never lost and never flipped twice. Level-one nodes and the
 * root are <em>computed on read</em>, never cached: {@link #levelOne(int)} reads 256 leaves
 * (one range scan), {@link #root()} reads every non-zero leaf of the domain (up to 65,536 keys,
 * 2 MiB). Reads are not one snapshot: under concurrent writes a root may mix leaves from before
 * and after a write, which the next comparison corrects.
 */
public final class MerkleTree {
  /** Number of leaves (buckets). */
  public static final int LEAVES = 65_536;
  /** Number of level-one nodes. */
  public static final int LEVEL_ONE = 256;
  /** Bytes of a leaf, a node and the root. */
  public static final int HASH_BYTES = 32;

  private static final int PAGE = 4096;
  /** The level-one node of 256 empty buckets, the same for every tree. */
  private static final byte[] EMPTY_NODE = Blake3.hash(new byte[LEVEL_ONE * HASH_BYTES]);

  private final KvStore store;
  private final ChatLayout layout;
  private final SyncDomain domain;

  MerkleTree(KvStore store, ChatLayout layout, SyncDomain domain) {
    this.store = store;
    this.layout = layout;
    this.domain = domain;
  }

  /** The domain of this tree. */
  public SyncDomain domain() {
    return domain;
  }

  /**
   * The leaf of {@code bucket}: the XOR of the ids of the bucket (zeros when empty).
   *
   * @throws IllegalArgumentException when {@code bucket} is outside 0..65535
   */
  public byte[] leaf(int bucket) {
    byte[] v = store.get(layout.leaf(domain, Ids.checkBucket(bucket)));
    return v == null ? new byte[HASH_BYTES] : v;
  }

  /**
   * Level-one node {@code node}: BLAKE3 of its 256 leaves.
   *
   * @throws IllegalArgumentException when {@code node} is outside 0..255
   */
  public byte[] levelOne(int node) {
    if (node < 0 || node >= LEVEL_ONE) {
      throw new IllegalArgumentException("level-one node " + node + " is outside 0.."
          + (LEVEL_ONE - 1));
    }
    int from = node * LEVEL_ONE;
    byte[] concat = new byte[LEVEL_ONE * HASH_BYTES];
    for (Map.Entry<Integer, byte[]> e : leaves(from, from + LEVEL_ONE).entrySet()) {
      System.arraycopy(e.getValue(), 0, concat, (e.getKey() - from) * HASH_BYTES, HASH_BYTES);
    }
    return Blake3.hash(concat);
  }

  /**
   * All 256 level-one nodes, in order, from one pass over the leaves (a node whose buckets are
   * all empty is a constant and is not hashed again).
   */
  public List<byte[]> levelOne() {
    byte[][] groups = new byte[LEVEL_ONE][];
    for (Map.Entry<Integer, byte[]> e : leaves(0, LEAVES).entrySet()) {
      int node = e.getKey() / LEVEL_ONE;
      if (groups[node] == null) {
        groups[node] = new byte[LEVEL_ONE * HASH_BYTES];
      }
      System.arraycopy(e.getValue(), 0, groups[node], (e.getKey() % LEVEL_ONE) * HASH_BYTES,
          HASH_BYTES);
    }
    List<byte[]> out = new ArrayList<>(LEVEL_ONE);
    for (byte[] g : groups) {
      out.add(g == null ? EMPTY_NODE.clone() : Blake3.hash(g));
    }
    return out;
  }

  /** The root: BLAKE3 of the 256 level-one nodes. */
  public byte[] root() {
    byte[] concat = new byte[LEVEL_ONE * HASH_BYTES];
    List<byte[]> nodes = levelOne();
    for (int i = 0; i < LEVEL_ONE; i++) {
      System.arraycopy(nodes.get(i), 0, concat, i * HASH_BYTES, HASH_BYTES);
    }
    return Blake3.hash(concat);
  }

  /** The non-zero leaves of buckets {@code [from, to)}, by bucket. */
  public Map<Integer, byte[]> leaves(int from, int to) {
    if (from < 0 || to > LEAVES || from > to) {
      throw new IllegalArgumentException("bucket range " + from + ".." + to
          + " is invalid; expected 0 <= from <= to <= " + LEAVES);
    }
    Map<Integer, byte[]> out = new TreeMap<>();
    store.stream(layout.leaves(domain, from, to), Direction.ASCENDING, PAGE)
        .forEach(e -> out.put(layout.bucketOfLeaf(e.key()), e.value()));
    return out;
  }

  /**
   * The buckets whose stored leaf differs from the XOR of the ids in the domain's seen index:
   * empty when the tree is consistent. Reads the whole index; meant for checks and repairs,
   * and exact only while no write runs.
   */
  public List<Integer> verify() {
    Map<Integer, byte[]> expected = new TreeMap<>();
    for (KvEntry e : store.scanAll(layout.seenOf(domain).range())) {
      byte[] id = layout.idOf(layout.seenOf(domain), e.key());
      byte[] leaf = expected.computeIfAbsent(Ids.bucket(id), b -> new byte[HASH_BYTES]);
      for (int i = 0; i < HASH_BYTES; i++) {
        leaf[i] ^= id[i];
      }
    }
    expected.values().removeIf(l -> Arrays.equals(l, new byte[HASH_BYTES]));
    Map<Integer, byte[]> stored = leaves(0, LEAVES);
    List<Integer> bad = new ArrayList<>();
    for (int b = 0; b < LEAVES; b++) {
      if (!Arrays.equals(expected.get(b), stored.get(b))) {
        bad.add(b);
      }
    }
    return bad;
  }

  @Override
  public String toString() {
    return "MerkleTree[" + domain + "]";
  }
}
