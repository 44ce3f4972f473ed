package io.teamtalkj.msgserver.cluster;

import com.mogujie.tt.protobuf.IMBaseDefine.IpAddr;
import com.mogujie.tt.protobuf.IMServer.IMFileTransferReq;
import io.teamtalkj.links.file.FileServerLinks;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the msg-server needs from the file-servers: a task for a transfer, and the addresses
 * clients reach the file-servers on. A narrow interface so a msg-server runs without file-servers
 * (file transfer then refused) and tests can fake it.
 */
public interface FileServers extends AutoCloseable {
    /** Asks a file-server for a task; fails when none is reachable or it does not answer in time. */
    CompletableFuture<FileServerLinks.Transfer> transfer(IMFileTransferReq request);

    /** Client addresses of every file-server that is up (empty when none is). */
    List<IpAddr> clientAddresses();

    /** Whether any file-server is configured at all. */
    boolean configured();

    @Override
    void close();

    /** No file-servers configured: every transfer is refused. */
    FileServers NONE = new FileServers() {
        @Override
        public CompletableFuture<FileServerLinks.Transfer> transfer(IMFileTransferReq request) {
            return CompletableFuture.failedFuture(new IllegalStateException("no file-server configured"));
        }

        @Override
        public List<IpAddr> clientAddresses() {
            return List.of();
        }

        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** Over real links to the configured file-servers. */
    static FileServers over(FileServerLinks links) {
        return new FileServers() {
            @Override
            public CompletableFuture<FileServerLinks.Transfer> transfer(IMFileTransferReq request) {
                return links.transfer(request);
            }

            @Override
            public List<IpAddr> clientAddresses() {
                return links.clientAddresses();
            }

            @Override
            public boolean configured() {
                return links.configured() > 0;
            }

            @Override
            public void close() {
                links.close();
            }
        };
    }
}
