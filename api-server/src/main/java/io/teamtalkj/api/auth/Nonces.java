package io.teamtalkj.api.auth;

import io.teamtalkj.api.ApiError;
import io.teamtalkj.control.api.UseNonceRequest;

/**
 * Replay protection: every signed request's nonce is recorded through the dbproxy (a MySQL row
 * with a unique key, TTApiNonce), so a second use is refused whichever api-server it reaches.
 * Fails closed: when the nonce cannot be recorded the request is not served (503).
 */
public interface Nonces {
    /** Records the nonce until {@code expiresAt} (unix seconds); 401 "replayed" when it was used before. */
    void use(int appId, String nonce, long expiresAt);

    /**
     * Over the PDU link the api-server already holds to the dbproxies (0x0834): one framed
     * request, no gRPC call per API request (the profile showed gRPC as the largest CPU cost).
     */
    static Nonces over(io.teamtalkj.api.TierLinks links) {
        return (appId, nonce, expiresAt) -> {
            io.teamtalkj.control.api.UseNonceRsp rsp;
            try {
                rsp = links.call(io.teamtalkj.pdu.ApiCommandId.CID_INTERNAL_API_USE_NONCE_REQ,
                        UseNonceRequest.newBuilder().setAppId(appId).setNonce(nonce)
                                .setExpiresAt((int) Math.min(expiresAt, 0xFFFF_FFFFL)).build(),
                        io.teamtalkj.pdu.Conversations.any(nonce.hashCode()), io.teamtalkj.control.api.UseNonceRsp.parser());
            } catch (ApiError e) {
                throw ApiError.unavailable("could not record " + Signature.NONCE + " (" + e.getMessage()
                        + "); nothing was done, retry with a new nonce");
            }
            switch (rsp.getResult()) {
                case NONCE_FRESH -> {
                }
                case NONCE_REPLAYED -> throw replayed(nonce);
                case NONCE_INVALID -> throw ApiError.unauthorized(Signature.NONCE + ": " + rsp.getReason());
                default -> throw ApiError.unavailable("could not record " + Signature.NONCE + ": " + rsp.getReason()
                        + "; nothing was done, retry with a new nonce");
            }
        };
    }

    private static ApiError replayed(String nonce) {
        return new ApiError(401, "replayed", Signature.NONCE + " " + nonce + " was already used: "
                + "sign every request with a new nonce");
    }
}
