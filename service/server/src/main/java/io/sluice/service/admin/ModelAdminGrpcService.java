package io.sluice.service.admin;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.GetCurrentModelRequest;
import io.sluice.api.v1.ListVersionsRequest;
import io.sluice.api.v1.ListVersionsResponse;
import io.sluice.api.v1.LoadVersionRequest;
import io.sluice.api.v1.ModelAdminGrpc;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.RollbackRequest;
import io.sluice.model.ArtifactException;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ServingModel;
import io.sluice.service.store.ModelSource;
import io.sluice.service.store.ModelUpdater;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code sluice.v1.ModelAdmin} service over the registry and, when the model comes from a store, its updater. */
public final class ModelAdminGrpcService extends ModelAdminGrpc.ModelAdminImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ModelAdminGrpcService.class);

    private final ModelRegistry registry;
    private final ModelUpdater updater;

    /** {@code updater} is null when the model does not come from a versioned store. */
    public ModelAdminGrpcService(ModelRegistry registry, ModelUpdater updater) {
        this.registry = registry;
        this.updater = updater;
    }

    @Override
    public void listVersions(ListVersionsRequest request, StreamObserver<ListVersionsResponse> responses) {
        ListVersionsResponse.Builder response = ListVersionsResponse.newBuilder()
                .setCurrent(registry.current().map(ServingModel::version).orElse(""))
                .setPrevious(registry.previous().map(ServingModel::version).orElse(""));
        if (updater != null) {
            try {
                response.addAllVersions(updater.versions()).setStore(updater.describe());
            } catch (IOException e) {
                responses.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asException());
                return;
            }
        }
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void getCurrentModel(GetCurrentModelRequest request, StreamObserver<ModelManifest> responses) {
        registry.current().ifPresentOrElse(model -> {
            responses.onNext(model.description());
            responses.onCompleted();
        }, () -> responses.onError(Status.UNAVAILABLE.withDescription("no model is loaded yet").asException()));
    }

    @Override
    public void loadVersion(LoadVersionRequest request, StreamObserver<ModelManifest> responses) {
        if (updater == null) {
            responses.onError(Status.FAILED_PRECONDITION.withDescription(
                    "model.location is not a versioned store; nothing to load from").asException());
            return;
        }
        try {
            ModelSource.requireValidVersion(request.getVersion());
            ServingModel model = updater.load(request.getVersion());
            LOG.info("ModelAdmin loaded model {}", model.version());
            responses.onNext(model.description());
            responses.onCompleted();
        } catch (IllegalArgumentException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("version: " + e.getMessage()).asException());
        } catch (ArtifactException e) {
            LOG.warn("ModelAdmin load of {} refused: {}", request.getVersion(), e.getMessage());
            responses.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<ModelManifest> responses) {
        try {
            ServingModel model = updater != null ? updater.rollback() : registry.rollback();
            responses.onNext(model.description());
            responses.onCompleted();
        } catch (IllegalStateException e) {
            responses.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }
}
