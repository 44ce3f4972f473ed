package io.teamtalkj.dbproxy.admin;

import com.google.protobuf.Parser;
import io.teamtalkj.control.api.NonceResult;
import io.teamtalkj.control.api.UseNonceRequest;
import io.teamtalkj.control.api.UseNonceRsp;
import io.teamtalkj.dbproxy.core.DbContext;
import io.teamtalkj.dbproxy.core.BatchDbHandler;
import io.teamtalkj.pdu.ApiCommandId;
import io.teamtalkj.pdu.Conversations;
import io.teamtalkj.pdu.Failure;
import io.teamtalkj.pdu.Reply;

/**
 * CID_INTERNAL_API_USE_NONCE_REQ (0x0834): the api-server records a signed request's nonce
 * ({@link ApiNonces}, the same table and rules as ApiStore.UseNonce) over its PDU link. Spread over
 * the workers by nonce, so one busy application does not queue behind a single worker; the nonces
 * a worker finds queued together are recorded in one transaction (one commit for the lot). Any
 * failure answers NONCE_FAILED (the proto default), so the api-server refuses rather than serves.
 */
public final class ApiUseNonceHandler implements BatchDbHandler<UseNonceRequest> {
    @Override
    public int commandId() {
        return ApiCommandId.CID_INTERNAL_API_USE_NONCE_REQ;
    }

    @Override
    public Parser<UseNonceRequest> parser() {
        return UseNonceRequest.parser();
    }

    @Override
    public long orderingKey(UseNonceRequest request) {
        return Conversations.any(request.getNonce().hashCode());
    }

    @Override
    public java.util.List<Reply> handleBatch(java.util.List<UseNonceRequest> requests, DbContext ctx) throws Exception {
        java.util.List<NonceResult> results = new ApiNonces(ctx).useAll(requests);
        java.util.List<Reply> replies = new java.util.ArrayList<>(results.size());
        for (NonceResult r : results) {
            UseNonceRsp.Builder rsp = UseNonceRsp.newBuilder().setResult(r);
            if (r == NonceResult.NONCE_INVALID) {
                rsp.setReason("a nonce is 16-64 characters A-Z a-z 0-9 _ -");
            }
            replies.add(Reply.of(ApiCommandId.CID_INTERNAL_API_USE_NONCE_RSP, rsp.build()));
        }
        return replies;
    }

    @Override
    public Reply onFailure(UseNonceRequest request, Failure failure, String reason) {
        return Reply.of(ApiCommandId.CID_INTERNAL_API_USE_NONCE_RSP, UseNonceRsp.newBuilder()
                .setResult(NonceResult.NONCE_FAILED).setReason(reason).build());
    }
}
