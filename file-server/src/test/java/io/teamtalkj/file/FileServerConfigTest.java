package io.teamtalkj.file;

import io.teamtalkj.pdu.FileProtocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.teamtalkj.file.http.ImageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FileServerConfigTest {
    @Test
    void defaultsAreTeamTalks() {
        FileServerConfig c = new FileServerConfig().validate();
        assertThat(c.clientPort).isEqualTo(8600);
        assertThat(c.msgServerPort).isEqualTo(8601);
        assertThat(c.httpPort).isEqualTo(8700);
        assertThat(c.taskTimeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxImageSize).isEqualTo(5 << 20);
        assertThat(c.maxUploadSize).isEqualTo(10 << 20);
        assertThat(c.advertisedHosts).containsExactly("127.0.0.1");
    }

    @Test
    void badSettingsAreRefusedWithTheOptionName() {
        List<Consumer<FileServerConfig>> bad = List.of(
                c -> c.clientPort = 70000,
                c -> c.httpPort = -2,
                c -> c.advertisedHosts = List.of("0.0.0.0"),
                c -> c.advertisedHosts = List.of(),
                c -> c.maxFileSize = 1L << 32,
                c -> c.maxUploadSize = c.maxImageSize - 1,
                c -> c.imageBaseUrl = "img.example",
                c -> c.taskTimeout = Duration.ZERO,
                c -> c.maxFrameLength = 1024,
                c -> c.diskThreads = 0);
        for (Consumer<FileServerConfig> tweak : bad) {
            FileServerConfig c = new FileServerConfig();
            tweak.accept(c);
            assertThatThrownBy(c::validate).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(FileServerConfig.hosts(" a, ,b ")).containsExactly("a", "b");
    }

    @Test
    void onlyUuidTaskIdsAreTaskIds() {
        assertThat(FileProtocol.validTaskId("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
        for (String bad : new String[] {null, "", "..", "../etc/passwd", "0F8FAD5B-D9CB-469F-A165-70867728950E",
                "0f8fad5b-d9cb-469f-a165-70867728950e/..", "0f8fad5bd9cb469fa16570867728950e"}) {
            assertThat(FileProtocol.validTaskId(bad)).as(bad).isFalse();
        }
    }

    @Test
    void theImageStoreResolvesOnlyItsOwnPaths() {
        ImageStore store = new ImageStore(Path.of("/srv/images"));
        assertThat(store.resolve("g0/ab/cd/0123456789abcdef0123456789abcdef_10x20.png"))
                .isEqualTo(Path.of("/srv/images/g0/ab/cd/0123456789abcdef0123456789abcdef_10x20.png"));
        for (String bad : new String[] {"../x", "g0/../../etc/passwd", "/etc/passwd", "g0/ab/cd/..",
                "g0/ab/cd/0123456789abcdef0123456789abcdef/../x", "g1/ab/cd/0123456789abcdef0123456789abcdef"}) {
            assertThat(store.resolve(bad)).as(bad).isNull();
        }
    }
}
