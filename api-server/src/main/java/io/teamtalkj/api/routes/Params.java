package io.teamtalkj.api.routes;

import io.javalin.http.Context;
import io.teamtalkj.api.ApiError;
import java.util.Collection;
import java.util.List;

/** Path and query parameters, and common checks, refused with a 400 naming the parameter. */
final class Params {
    private Params() {
    }

    static int uint(Context ctx, String name) {
        return parseUint(name, ctx.pathParam(name));
    }

    static int queryUint(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? dflt : parseUint(name, v);
    }

    static boolean queryBool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ApiError.badRequest(name + " must be true or false");
    }

    static int parseUint(String name, String v) {
        try {
            long l = Long.parseLong(v);
            if (l < 0 || l > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return (int) l;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a number 0-4294967295, got \"" + v + "\"");
        }
    }

    /** A non-empty id list of at most {@code max}, every id positive. */
    static List<Integer> ids(String field, List<Long> ids, int max) {
        if (ids == null || ids.isEmpty()) {
            throw ApiError.badRequest(field + " must list at least one user id");
        }
        if (ids.size() > max) {
            throw ApiError.badRequest(field + " lists " + ids.size() + " users; at most " + max + " per request");
        }
        return ids.stream().map(id -> {
            if (id == null || id <= 0 || id > 0xFFFF_FFFFL) {
                throw ApiError.badRequest(field + " holds an invalid user id " + id);
            }
            return (int) (long) id;
        }).distinct().toList();
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw ApiError.badRequest(message);
        }
    }

    static String unsigned(Collection<Integer> ids) {
        return ids.stream().map(Integer::toUnsignedString).toList().toString();
    }
}
