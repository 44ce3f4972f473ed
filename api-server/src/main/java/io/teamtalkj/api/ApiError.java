package io.teamtalkj.api;

/**
 * A request refused with an HTTP status and the JSON body {@code {"error_code", "error_msg"}}
 * (plus {@code "quota"} when a quota was hit). Thrown before anything is changed.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String quota;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiError(int status, String code, String message, String quota) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.quota = quota;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_argument", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The quota that was exceeded (calls_per_day, pushes_per_day), or null. */
    public String quota() {
        return quota;
    }
}
