package dev.chatstore.bench;

import dev.chatstore.chat.ChatMessage;
import dev.chatstore.chat.MessageWrite;
import dev.chatstore.kv.WriteBatch;
import dev.chatstore.tuple.Tuple;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw side of {@link ChatWorkloadBenchmark}: the same rows the chat database writes for a
 * message — the message, its seen entry, the chat meta, the Merkle leaf, and per inbox user the
 * new inbox entry, its position and the delete of the previous entry — with keys and values of
 * the same shapes and sizes, written in one batch per chunk with no reads and no checks.
 */
final class ChatRawRows {
  private final Map<ByteBuffer, byte[]> inboxKeyOf = new HashMap<>();
  private final Map<ByteBuffer, Long> seqOf = new HashMap<>();
  private long rows;

  /** The rows of {@code writes} as one batch. */
  WriteBatch batch(List<MessageWrite> writes) {
    WriteBatch.Builder b = WriteBatch.builder();
    for (MessageWrite w : writes) {
      ChatMessage m = w.message();
      byte[] chat = m.chatId();
      long seq = seqOf.merge(ByteBuffer.wrap(chat), 1L, Long::sum);
      byte[] hlc = m.hlc().toBytes();
      byte[] body = new byte[64 + m.text().length()];
      b.put(Tuple.of(1, chat, hlc, seq).pack(), body);
      b.put(Tuple.of(2, m.msgId()).pack(), new byte[44]);
      b.put(Tuple.of(3, chat).pack(), new byte[150]);
      b.put(Tuple.of(11, 1, (m.msgId()[0] & 0xFF) << 8 | (m.msgId()[1] & 0xFF)).pack(),
          m.msgId());
      rows += 4;
      for (byte[] u : w.inboxUsers()) {
        byte[] pos = Tuple.of(5, u, chat).pack();
        byte[] key = Tuple.of(4, u, hlc, chat).pack();
        byte[] old = inboxKeyOf.put(ByteBuffer.wrap(pos), key);
        if (old != null) {
          b.delete(old);
          rows++;
        }
        b.put(key, new byte[0]);
        b.put(pos, hlc);
        rows += 2;
      }
    }
    return b.build();
  }

  /** Rows written so far (puts and deletes). */
  long rows() {
    return rows;
  }
}
