package io.teamtalkj.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginNamesTest {
    @Test
    void acceptsWordsOfAnyScriptUpToTheColumnWidth() {
        assertThat(LoginNames.problem("alice")).isNull();
        assertThat(LoginNames.problem("张伟.zhang-01")).isNull();
        assertThat(LoginNames.problem("a".repeat(32))).isNull();
        assertThat(LoginNames.problem("😀".repeat(32))).isNull(); // code points, not chars
    }

    @Test
    void refusesEmptySpacesControlCharactersAndOverlongNames() {
        assertThat(LoginNames.problem("")).isEqualTo("user name must not be empty");
        assertThat(LoginNames.problem(null)).isEqualTo("user name must not be empty");
        assertThat(LoginNames.problem("   ")).isEqualTo("user name must not be empty");
        assertThat(LoginNames.problem("alice smith")).isEqualTo("user name must not contain spaces (got 'alice smith')");
        assertThat(LoginNames.problem("bob\t")).contains("spaces");
        assertThat(LoginNames.problem("ide\u3000ographic")).contains("spaces");
        assertThat(LoginNames.problem("bell\u0007")).isEqualTo("user name must not contain control characters");
        assertThat(LoginNames.problem("a".repeat(33))).isEqualTo("user name is longer than 32 characters");
    }
}
