package io.teamtalkj.api.auth;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.teamtalkj.api.ApiError;
import io.teamtalkj.api.StoreClient;
import io.teamtalkj.control.api.UseNonceRequest;

/**
 * Replay protection: every signed request's nonce is recorded through the dbproxy (ApiStore
 * UseNonce, a MySQL row with a unique key), so a second use is refused whichever api-server it
 * reaches. Fails closed: when the nonce cannot be recorded the request is not served (503).
 */
public interface Nonces {
    /** Records the nonce until {@code expiresAt} (unix seconds); 401 "replayed" when it was used before. */
    void use(int appId, String nonce, long expiresAt);

    static Nonces over(StoreClient store) {
        return (appId, nonce, expiresAt) -> {
            try {
                store.store().useNonce(UseNonceRequest.newBuilder().setAppId(appId).setNonce(nonce)
                        .setExpiresAt((int) Math.min(expiresAt, 0xFFFF_FFFFL)).build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                    throw new ApiError(401, "replayed", Signature.NONCE + " " + nonce + " was already used: "
                            + "sign every request with a new nonce");
                }
                throw StoreClient.error(e);
            }
        };
    }
}
