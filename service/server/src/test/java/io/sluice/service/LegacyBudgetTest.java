package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import java.util.Map;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;

class LegacyBudgetTest {

    @Test
    void callThatCannotFinishWithinTheServerBudgetFailsInsteadOfScoring() throws Exception {
        try (RunningServer running = RunningServer.inProcess(Map.of("thrift.request-budget", "0ms"))) {
            TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000);
            socket.open();
            try {
                BidRequest request = new BidRequest();
                request.setBidId("b");
                request.setDayOfWeek(2);
                request.setHour("09");
                request.setAdvertiserId("3358");
                BidRequestFilter.Client client = new BidRequestFilter.Client(new TBinaryProtocol(socket));

                assertThatThrownBy(() -> client.filter(request))
                        .isInstanceOf(TApplicationException.class)
                        .hasMessageStartingWith("DEADLINE_EXCEEDED");
            } finally {
                socket.close();
            }
        }
    }
}
