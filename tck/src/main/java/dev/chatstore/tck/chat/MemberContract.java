package dev.chatstore.tck.chat;

import static dev.chatstore.tck.chat.ChatDbTck.at;
import static dev.chatstore.tck.chat.ChatDbTck.chat;
import static dev.chatstore.tck.chat.ChatDbTck.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatstore.chat.HlcTimestamp;
import dev.chatstore.chat.MemberInfo;
import dev.chatstore.chat.MemberRecord;
import dev.chatstore.chat.MemberRole;
import dev.chatstore.chat.SyncDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The membership CRDT: add, remove, list, merge from sync, and its sync index. */
public interface MemberContract extends ChatDbTck {

  @Test
  default void addRemoveList_followTheCrdt_andRemovalKeepsTheRow() {
    db().addMember(chat(1), user(1), MemberRole.ADMIN, at(10));
    db().addMember(chat(1), user(2), MemberRole.PARTICIPANT, at(11));
    assertThat(db().listMembers(chat(1))).containsExactly(user(1), user(2));
    assertThat(db().isMember(chat(1), user(2))).isTrue();
    db().removeMember(chat(1), user(2), at(20));
    assertThat(db().isMember(chat(1), user(2))).isFalse();
    assertThat(db().listMembers(chat(1))).containsExactly(user(1));
    assertThat(db().memberState(chat(1), user(2))).as("the row stays as a tombstone")
        .contains(new MemberInfo(MemberRole.PARTICIPANT, at(11), at(20)));
    db().addMember(chat(1), user(2), MemberRole.PARTICIPANT, at(15));
    assertThat(db().isMember(chat(1), user(2))).as("an add older than the remove").isFalse();
    db().addMember(chat(1), user(2), MemberRole.PARTICIPANT, at(25));
    assertThat(db().isMember(chat(1), user(2))).as("a later add").isTrue();
    assertThat(db().listMembersWithInfo(chat(1))).extracting(r -> r.info().role())
        .containsExactly(MemberRole.ADMIN, MemberRole.PARTICIPANT);
    assertThat(db().listMembers(chat(2))).isEmpty();
  }

  @Test
  default void tie_addAndRemoveWithTheSameStamp_leavesTheUserRemoved() {
    HlcTimestamp t = new HlcTimestamp(100, 7);
    db().addMember(chat(1), user(1), MemberRole.PARTICIPANT, t);
    db().removeMember(chat(1), user(1), t);
    assertThat(db().isMember(chat(1), user(1))).isFalse();
    other().removeMember(chat(1), user(1), t);
    other().addMember(chat(1), user(1), MemberRole.PARTICIPANT, t);
    assertThat(other().isMember(chat(1), user(1))).as("in either order").isFalse();
  }

  @Test
  default void removeOfAnUnknownUser_leavesATombstoneThatBeatsOlderAdds() {
    db().removeMember(chat(1), user(1), at(50));
    assertThat(db().memberState(chat(1), user(1))).isPresent();
    db().applyMemberRecord(new MemberRecord(chat(1), user(1),
        MemberInfo.added(MemberRole.ADMIN, at(40))));
    assertThat(db().isMember(chat(1), user(1))).as("no resurrection from a partition").isFalse();
  }

  @Test
  default void replicas_applyingTheSameRecordsInAnyOrder_converge() {
    Random rnd = random();
    List<MemberRecord> ops = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      byte[] u = user(rnd.nextInt(5));
      HlcTimestamp t = new HlcTimestamp(1 + rnd.nextInt(20), rnd.nextInt(3));
      MemberRole role = rnd.nextBoolean() ? MemberRole.ADMIN : MemberRole.PARTICIPANT;
      ops.add(new MemberRecord(chat(1), u, rnd.nextInt(3) == 0 ? MemberInfo.removed(t)
          : rnd.nextInt(4) == 0 ? new MemberInfo(role, t, new HlcTimestamp(1 + rnd.nextInt(20), 0))
          : MemberInfo.added(role, t)));
    }
    for (MemberRecord r : ops) {
      db().applyMemberRecord(r);
    }
    List<MemberRecord> shuffled = new ArrayList<>(ops);
    Collections.shuffle(shuffled, rnd);
    for (MemberRecord r : shuffled) {
      other().applyMemberRecord(r);
      other().applyMemberRecord(r);
    }
    for (int u = 0; u < 5; u++) {
      assertThat(other().memberState(chat(1), user(u))).as("user %s, seed %s", u, seed())
          .isEqualTo(db().memberState(chat(1), user(u)));
    }
    assertThat(ChatDbTck.roots(other())).as("seed %s", seed()).isEqualTo(ChatDbTck.roots(db()));
    assertThat(db().merkle(SyncDomain.MEMBERS).verify()).isEmpty();
  }

  @Test
  default void memberSyncIndex_holdsOneCurrentRecordIdPerMember() {
    db().addMember(chat(1), user(1), MemberRole.PARTICIPANT, at(1));
    db().removeMember(chat(1), user(1), at(2));
    db().addMember(chat(1), user(1), MemberRole.ADMIN, at(3));
    db().addMember(chat(2), user(1), MemberRole.PARTICIPANT, at(4));
    List<byte[]> ids = new ArrayList<>();
    db().forEachMemberRecordId(ids::add);
    assertThat(ids).hasSize(2);
    List<MemberRecord> fetched = db().getMemberRecordsBatch(ids, 1 << 20).items();
    assertThat(fetched).extracting(MemberRecord::info).containsExactlyInAnyOrder(
        new MemberInfo(MemberRole.ADMIN, at(3), at(2)),
        MemberInfo.added(MemberRole.PARTICIPANT, at(4)));
    for (byte[] id : ids) {
      int bucket = (id[0] & 0xFF) << 8 | (id[1] & 0xFF);
      assertThat(db().getBucketMemberIds(bucket)).anyMatch(b -> java.util.Arrays.equals(b, id));
    }
    assertThat(db().merkle(SyncDomain.MEMBERS).verify()).isEmpty();
  }
}
