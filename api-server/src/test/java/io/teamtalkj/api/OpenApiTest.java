package io.teamtalkj.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.teamtalkj.api.routes.ApiRoute;
import io.teamtalkj.net.HostPort;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * /openapi.json is a valid OpenAPI 3 document (swagger-parser reports nothing) and lists exactly
 * the routes the server has: a route added without documenting it, or documented and gone, fails.
 * The server runs without a dbproxy or route-server (its links just keep retrying).
 */
@Timeout(60)
class OpenApiTest {
    @Test
    void servedDocumentValidatesAndListsEveryRoute() throws Exception {
        ApiServerConfig c = new ApiServerConfig();
        c.listenHost = "127.0.0.1";
        c.port = 0;
        c.controlPort = -1;
        c.metricsPort = -1;
        c.dbProxies = List.of(InetSocketAddress.createUnresolved("127.0.0.1", 1));
        c.routeServers = List.of(InetSocketAddress.createUnresolved("127.0.0.1", 1));
        c.dbProxyControl = new HostPort("127.0.0.1", 1);
        try (ApiServer server = ApiServer.start(c)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/openapi.json")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
            assertThat(parsed.getMessages()).as("parser messages").isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api.getOpenapi()).startsWith("3.");

            Set<String> documented = new TreeSet<>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                    .forEach(m -> documented.add(m.name() + " " + path)));
            Set<String> served = new TreeSet<>();
            for (ApiRoute route : server.routes()) {
                served.add(route.method().toUpperCase(Locale.ROOT) + " " + route.path());
            }
            assertThat(documented).isEqualTo(served);
            assertThat(served).contains("POST /query/CreateGroup", "POST /query/ChangeMembers", "POST /v1/messages",
                    "GET /v1/stats");

            // every signed route says which headers it needs
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((m, op) -> {
                if (!path.equals("/openapi.json") && !path.startsWith("/query/")) {
                    assertThat(op.getSecurity()).as(m + " " + path).isNotEmpty();
                }
            }));
            assertThat(PathItem.HttpMethod.values()).isNotEmpty();
        }
    }
}
