package io.teamtalkj.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict reading every v1 body gets: nothing is guessed or converted. */
class JsonTest {
    record Body(String name, Long id, Boolean flag, List<Long> ids) {
    }

    private static Body read(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Body.class);
    }

    @Test
    void readsWhatIsExactlyRight() {
        Body b = read("{\"name\":\"x\",\"id\":5,\"flag\":true,\"ids\":[1,2]}");
        assertThat(b).isEqualTo(new Body("x", 5L, true, List.of(1L, 2L)));
    }

    @Test
    void refusesWrongTypesUnknownFieldsAndGarbage() {
        for (String bad : List.of("{\"name\":5}", "{\"name\":true}", "{\"id\":\"5\"}", "{\"id\":1.5}", "{\"flag\":\"true\"}",
                "{\"ids\":[\"1\"]}", "{\"colour\":1}", "{\"name\":", "{} x", "[]", "null", "")) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOfSatisfying(ApiError.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThatThrownBy(() -> read("{\"colour\":1}")).hasMessageContaining("unknown field \"colour\"");
        assertThatThrownBy(() -> read("{\"id\":\"5\"}")).hasMessageContaining("\"id\"");
    }
}
