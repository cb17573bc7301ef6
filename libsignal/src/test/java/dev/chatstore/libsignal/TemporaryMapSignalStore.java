package dev.chatstore.libsignal;

import dev.chatstore.signal.SignalStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Stand-in until the real SignalStore lands; removed then. */
final class TemporaryMapSignalStore implements SignalStore {
  final ConcurrentSkipListMap<String, byte[]> identities = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<String, byte[]> sessions = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<Integer, byte[]> prekeys = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<Integer, byte[]> signed = new ConcurrentSkipListMap<>();
  final ConcurrentSkipListMap<Integer, byte[]> kyber = new ConcurrentSkipListMap<>();
  final Set<String> used = ConcurrentHashMap.newKeySet();
  final ConcurrentSkipListMap<String, byte[]> senderKeys = new ConcurrentSkipListMap<>();
  volatile LocalIdentity local;

  private static int id(int id) {
    if (id < 0) throw new IllegalArgumentException("id " + id + " is negative");
    return id;
  }

  public void putIdentity(String a, byte[] k) {
    if (k.length != 32) throw new IllegalArgumentException("identity of " + k.length);
    identities.put(a, k.clone());
  }
  public Optional<byte[]> loadIdentity(String a) { return Optional.ofNullable(identities.get(a)); }
  public void deleteIdentity(String a) { identities.remove(a); }
  public Optional<byte[]> getSession(String a) { return Optional.ofNullable(sessions.get(a)); }
  public void putSession(String a, byte[] s) { sessions.put(a, s.clone()); }
  public void deleteSession(String a) { sessions.remove(a); }
  public boolean hasSession(String a) { return sessions.containsKey(a); }
  public List<String> listSessions(String p) {
    return sessions.keySet().stream().filter(k -> k.startsWith(p)).toList();
  }
  public void storePrekey(int i, byte[] r, boolean u) { prekeys.put(id(i), r.clone()); }
  public void storePrekeysBatch(List<Map.Entry<Integer, byte[]>> keys, boolean u) {
    keys.forEach(e -> storePrekey(e.getKey(), e.getValue(), u));
  }
  public Optional<byte[]> loadPrekey(int i) { return Optional.ofNullable(prekeys.get(id(i))); }
  public List<Map.Entry<Integer, byte[]>> loadPrekeysBatch(List<Integer> ids) {
    List<Map.Entry<Integer, byte[]>> out = new ArrayList<>();
    for (int i : ids) if (prekeys.containsKey(i)) out.add(Map.entry(i, prekeys.get(i)));
    return out;
  }
  public void removePrekey(int i) { prekeys.remove(id(i)); }
  public int getMaxPrekeyId() { return prekeys.isEmpty() ? 0 : prekeys.lastKey(); }
  public void storeSignedPrekey(int i, byte[] r) { signed.put(id(i), r.clone()); }
  public Optional<byte[]> loadSignedPrekey(int i) { return Optional.ofNullable(signed.get(id(i))); }
  public List<Map.Entry<Integer, byte[]>> loadAllSignedPrekeys() { return List.copyOf(signed.entrySet()); }
  public void removeSignedPrekey(int i) { signed.remove(id(i)); }
  public void storeKyberPrekey(int i, byte[] r) { kyber.put(id(i), r.clone()); }
  public Optional<byte[]> loadKyberPrekey(int i) { return Optional.ofNullable(kyber.get(id(i))); }
  public List<Map.Entry<Integer, byte[]>> loadAllKyberPrekeys() { return List.copyOf(kyber.entrySet()); }
  public void removeKyberPrekey(int i) { kyber.remove(id(i)); }
  public boolean markKyberPrekeyUsed(int i, int s, byte[] b) {
    return used.add(id(i) + "/" + id(s) + "/" + HexFormat.of().formatHex(b));
  }
  public void putSenderKey(String a, byte[] r) { senderKeys.put(a, r.clone()); }
  public Optional<byte[]> getSenderKey(String a) { return Optional.ofNullable(senderKeys.get(a)); }
  public void deleteSenderKey(String a) { senderKeys.remove(a); }
  public Optional<LocalIdentity> loadLocalIdentity() { return Optional.ofNullable(local); }
  public void putLocalIdentity(LocalIdentity i) { local = i; }
}
