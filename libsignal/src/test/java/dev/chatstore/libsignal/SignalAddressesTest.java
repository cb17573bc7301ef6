// SPDX-License-Identifier: AGPL-3.0-only
package dev.chatstore.libsignal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.SignalProtocolAddress;

class SignalAddressesTest {
  @Test
  void encoding_isNameDotDeviceId_likeLibsignalPrintsIt() {
    var address = new SignalProtocolAddress("alice", 2);
    assertThat(SignalAddresses.of(address)).isEqualTo("alice.2").isEqualTo(address.toString());
    assertThat(SignalAddresses.of("alice.1", 2)).isEqualTo("alice.1.2");
  }

  @Test
  void deviceIdOf_acceptsOnlyCanonicalDeviceIdsOfExactlyThatName() {
    assertThat(SignalAddresses.deviceIdOf("alice.2", "alice")).isEqualTo(OptionalInt.of(2));
    assertThat(SignalAddresses.deviceIdOf("alice.0", "alice")).isEqualTo(OptionalInt.of(0));
    assertThat(SignalAddresses.deviceIdOf("alice.2147483647", "alice"))
        .isEqualTo(OptionalInt.of(Integer.MAX_VALUE));
    for (String other :
        new String[] {"alice2.1", "alice.1.2", "alice.", "alice.01", "alice.+1", "alice.-1",
          "alice.2147483648", "alice.1x", "alice", "bob.1"}) {
      assertThat(SignalAddresses.deviceIdOf(other, "alice")).as(other).isEmpty();
    }
    assertThat(SignalAddresses.deviceIdOf("alice.1.2", "alice.1")).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void encoding_roundTripsAndNeverConfusesTwoNames() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String alphabet = "a1.9.";
    for (int i = 0; i < 20_000; i++) {
      String name = randomText(random, alphabet);
      int device = random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(12);
      String encoded = SignalAddresses.of(name, device);
      // half the time a name that is a prefix of the encoded address, the tricky case
      String other =
          random.nextBoolean()
              ? encoded.substring(0, random.nextInt(encoded.length() + 1))
              : randomText(random, alphabet);
      assertThat(SignalAddresses.deviceIdOf(encoded, name))
          .as("seed %dL: %s device %d", seed, name, device)
          .isEqualTo(OptionalInt.of(device));
      if (!other.equals(name)) {
        assertThat(SignalAddresses.deviceIdOf(encoded, other))
            .as("seed %dL: %s must not see %s", seed, other, encoded)
            .isEmpty();
      }
    }
  }

  @Test
  void senderKey_putsTheDistributionFirst() {
    UUID group = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    assertThat(SignalAddresses.senderKey(new SignalProtocolAddress("a::b", 3), group))
        .isEqualTo("00000000-0000-0000-0000-0000000000aa::a::b.3");
  }

  @Test
  void badInput_isRefusedWithTheValue() {
    assertThatThrownBy(() -> SignalAddresses.of("alice", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> SignalAddresses.devicePrefix(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> SignalAddresses.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("address");
  }

  private static String randomText(Random random, String alphabet) {
    int length = random.nextInt(6);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
