package io.sluice;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scoring core runs without any transport, cloud SDK or training code on its class path. */
class ModuleBoundaryTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder",
        "org.apache.thrift.TBase",
        "software.amazon.awssdk.core.SdkClient",
        "io.sluice.training.Trainer",
        "io.sluice.service.SluiceServer"})
    void coreDoesNotSee(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
