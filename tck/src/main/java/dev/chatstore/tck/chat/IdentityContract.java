package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatstore.chat.IdentityRecord;
import dev.chatstore.chat.SyncDomain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Identity blobs: last-writer-wins by stamp, size limit, sync index. */
public interface IdentityContract extends ChatDbTck {

  @Test
  default void identity_lastWriterWins_olderAndEqualStampsIgnored() {
    assertThat(db().putIdentity(user(1), at(10), new byte[] {1})).isTrue();
    assertThat(db().putIdentity(user(1), at(5), new byte[] {2})).as("older").isFalse();
    assertThat(db().putIdentity(user(1), at(10), new byte[] {3})).as("equal").isFalse();
    assertThat(db().getIdentity(user(1)).orElseThrow().blob()).containsExactly(1);
    assertThat(db().putIdentity(user(1), at(11), new byte[] {4})).isTrue();
    IdentityRecord r = db().getIdentity(user(1)).orElseThrow();
    assertThat(r.blob()).containsExactly(4);
    assertThat(r.hlc()).isEqualTo(at(11));
    assertThat(db().getIdentity(user(2))).isEmpty();
  }

  @Test
  default void identity_ofAtMost1024Bytes() {
    assertThat(db().putIdentity(user(1), at(1), new byte[1024])).isTrue();
    assertThatThrownBy(() -> db().putIdentity(user(1), at(2), new byte[1025]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025")
        .hasMessageContaining("1024");
    assertThat(db().getIdentity(user(1)).orElseThrow().hlc()).isEqualTo(at(1));
  }

  @Test
  default void identitySyncIndex_followsTheCurrentBlob() {
    db().putIdentity(user(1), at(1), new byte[] {1});
    db().putIdentity(user(1), at(2), new byte[] {2});
    db().putIdentity(user(2), at(1), new byte[] {9});
    List<byte[]> ids = new ArrayList<>();
    db().forEachIdentityRecordId(ids::add);
    assertThat(ids).hasSize(2);
    assertThat(db().getIdentityRecordsBatch(ids, 1 << 20).items())
        .containsExactlyInAnyOrder(new IdentityRecord(user(1), at(2), new byte[] {2}),
            new IdentityRecord(user(2), at(1), new byte[] {9}));
    other().putIdentity(user(2), at(1), new byte[] {9});
    other().putIdentity(user(1), at(2), new byte[] {2});
    assertThat(other().merkle(SyncDomain.IDENTITY).root())
        .as("same records, same root, whatever the history")
        .isEqualTo(db().merkle(SyncDomain.IDENTITY).root());
    assertThat(db().merkle(SyncDomain.IDENTITY).verify()).isEmpty();
  }
}
