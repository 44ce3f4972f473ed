package io.teamtalkj.dbproxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiSecretBoxTest {
    private static final String MASTER = "11".repeat(32);
    private static final String SIGNING = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

    @Test
    void sealedKeyOpensWithTheSameMasterKeyAndAppOnly() {
        ApiSecretBox box = new ApiSecretBox(MASTER);
        String sealed = box.seal("appkey-1", SIGNING);
        assertThat(sealed).startsWith("v1:").doesNotContain(SIGNING);
        assertThat(box.seal("appkey-1", SIGNING)).as("a fresh iv each time").isNotEqualTo(sealed);
        assertThat(box.open("appkey-1", sealed)).isEqualTo(SIGNING);
        assertThatThrownBy(() -> box.open("appkey-2", sealed)).as("copied to another app's row")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiSecretBox("22".repeat(32)).open("appkey-1", sealed)).as("another master key")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> box.open("appkey-1", SIGNING)).as("a clear V9 hash is not a sealed key")
                .isInstanceOf(IllegalArgumentException.class);
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> box.open("appkey-1", tampered)).isInstanceOf(IllegalArgumentException.class);
    }
}
