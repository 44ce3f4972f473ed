package io.teamtalkj.api.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamtalkj.api.Json;
import io.teamtalkj.api.StoreClient;
import io.teamtalkj.control.admin.AddDepartmentRequest;
import io.teamtalkj.control.admin.Department;
import io.teamtalkj.control.admin.ListDepartmentsRequest;
import java.util.List;

/** /v1/departments: add and list (a user's department is set with PUT /v1/users/{name}/department). */
public final class DepartmentRoutes {
    record AddBody(String name, Long priority, Long parent_id) {
    }

    private final StoreClient store;

    public DepartmentRoutes(StoreClient store) {
        this.store = store;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.of("POST", "/v1/departments", "users", (ctx, app, body) -> {
                    AddBody b = Json.read(body, AddBody.class);
                    Params.require(b.name() != null, "name is required");
                    AddDepartmentRequest.Builder r = AddDepartmentRequest.newBuilder().setName(b.name());
                    if (b.priority() != null) {
                        r.setPriority(Params.parseUint("priority", b.priority().toString()));
                    }
                    if (b.parent_id() != null) {
                        r.setParentId(Params.parseUint("parent_id", b.parent_id().toString()));
                    }
                    ctx.status(201).json(json(StoreClient.call(() -> store.admin().addDepartment(r.build()))));
                }),
                ApiRoute.of("GET", "/v1/departments", "users", (ctx, app, body) -> {
                    ArrayNode list = Json.MAPPER.createArrayNode();
                    StoreClient.call(() -> store.admin().listDepartments(ListDepartmentsRequest.getDefaultInstance()))
                            .getDepartmentsList().forEach(d -> list.add(json(d)));
                    ObjectNode out = Json.object();
                    out.set("departments", list);
                    ctx.json(out);
                }));
    }

    static ObjectNode json(Department d) {
        ObjectNode o = Json.object();
        o.put("id", Integer.toUnsignedLong(d.getId()));
        o.put("name", d.getName());
        o.put("priority", Integer.toUnsignedLong(d.getPriority()));
        o.put("parent_id", Integer.toUnsignedLong(d.getParentId()));
        return o;
    }
}
