package io.sluice.model;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the dense layers of a DL4J {@code MultiLayerNetwork} zip in plain Java, without ND4J: the layer shapes and
 * activations from {@code configuration.json}, the parameters from {@code coefficients.bin}.
 *
 * <p>{@code coefficients.bin} is what {@code Nd4j.write} writes for the flat parameter vector: the shape buffer
 * ({@code writeUTF} allocation mode, {@code writeLong} length, {@code writeUTF} type "LONG", then that many longs:
 * rank, shape, strides, extras, element-wise stride, order), then the data buffer the same way with type "FLOAT"
 * and big-endian floats. The flat vector holds each layer in turn, its weights {@code [nIn x nOut]} in column-major
 * ('f') order followed by its {@code nOut} biases. Anything else is refused rather than guessed at; tests check the
 * result is bit-identical to DL4J's own restore.
 */
public final class Dl4jNetworkFile {

    private static final String MIXED_DATA_TYPES = "MIXED_DATA_TYPES";
    private static final String DENSE_LAYER = "org.deeplearning4j.nn.conf.layers.DenseLayer";
    private static final String OUTPUT_LAYER = "org.deeplearning4j.nn.conf.layers.OutputLayer";
    private static final String ACTIVATIONS = "org.nd4j.linalg.activations.impl.";
    private static final Map<String, LayerActivation> ACTIVATION_CLASSES = Map.of(
            ACTIVATIONS + "ActivationReLU", LayerActivation.RELU,
            ACTIVATIONS + "ActivationSigmoid", LayerActivation.SIGMOID,
            ACTIVATIONS + "ActivationTanH", LayerActivation.TANH,
            ACTIVATIONS + "ActivationIdentity", LayerActivation.IDENTITY);
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private Dl4jNetworkFile() {
    }

    /** The network's layers, input layer first; refuses a file that is not a dense MLP of float parameters. */
    public static List<DenseLayerWeights> read(CheckedArtifact artifact) throws ArtifactException {
        String what = artifact.describeNetwork();
        byte[] configuration = artifact.entries().get(CheckedArtifact.CONFIGURATION_ENTRY);
        byte[] coefficients = artifact.entries().get(CheckedArtifact.COEFFICIENTS_ENTRY);
        if (configuration == null || coefficients == null) {
            throw new ArtifactException(what + " lacks " + (configuration == null
                    ? CheckedArtifact.CONFIGURATION_ENTRY : CheckedArtifact.COEFFICIENTS_ENTRY));
        }
        try {
            List<LayerShape> shapes = layerShapes(configuration);
            long count = 0;
            for (LayerShape shape : shapes) {
                count = Math.addExact(count, Math.addExact(Math.multiplyExact((long) shape.inputs(), shape.outputs()),
                        shape.outputs()));
            }
            float[] parameters = parameters(coefficients, count);
            List<DenseLayerWeights> layers = new ArrayList<>();
            int offset = 0;
            for (LayerShape shape : shapes) {
                float[] weights = rowMajor(parameters, offset, shape.inputs(), shape.outputs());
                offset += shape.inputs() * shape.outputs();
                float[] bias = new float[shape.outputs()];
                System.arraycopy(parameters, offset, bias, 0, bias.length);
                offset += bias.length;
                layers.add(new DenseLayerWeights(shape.inputs(), shape.outputs(), weights, bias,
                        shape.activation()));
            }
            return layers;
        } catch (IOException | JacksonException | IllegalArgumentException | ArithmeticException e) {
            throw new ArtifactException(what + " is not a network the compiled path can read: " + e.getMessage(), e);
        }
    }

    /** One layer as configured: its sizes and activation. */
    private record LayerShape(int inputs, int outputs, LayerActivation activation) {
    }

    private static List<LayerShape> layerShapes(byte[] configuration) {
        Map<?, ?> root = object(parse(configuration), "configuration");
        Object preProcessors = root.get("inputPreProcessors");
        if (preProcessors != null && !object(preProcessors, "inputPreProcessors").isEmpty()) {
            throw new IllegalArgumentException("input pre-processors are not supported");
        }
        List<?> confs = list(root.get("confs"), "confs");
        if (confs.isEmpty()) {
            throw new IllegalArgumentException("the configuration lists no layers");
        }
        List<LayerShape> shapes = new ArrayList<>();
        for (int i = 0; i < confs.size(); i++) {
            Map<?, ?> conf = object(confs.get(i), "confs[" + i + "]");
            Map<?, ?> layer = object(conf.get("layer"), "layer " + i);
            Object type = layer.get("@class");
            if (!DENSE_LAYER.equals(type) && !OUTPUT_LAYER.equals(type)) {
                throw new IllegalArgumentException("layer " + i + " is " + type
                        + "; the compiled path supports dense MLPs only");
            }
            requireValue(conf, "dataType", "FLOAT", i);
            requireValue(conf, "variables", List.of("W", "b"), i);
            requireValue(layer, "hasBias", Boolean.TRUE, i);
            if (Boolean.TRUE.equals(layer.get("hasLayerNorm"))) {
                throw new IllegalArgumentException("layer " + i + " uses layer normalisation, which the compiled "
                        + "path does not support");
            }
            shapes.add(new LayerShape(size(layer.get("nin"), "layer " + i + " nin"),
                    size(layer.get("nout"), "layer " + i + " nout"),
                    activation(object(layer.get("activationFn"), "layer " + i + " activationFn"), i)));
        }
        return shapes;
    }

    private static LayerActivation activation(Map<?, ?> fn, int index) {
        LayerActivation activation = ACTIVATION_CLASSES.get(fn.get("@class"));
        // A parameterised ReLU (capped, leaky or thresholded) is not the plain one the compiled pass computes.
        boolean parameterised = fn.entrySet().stream()
                .anyMatch(e -> !"@class".equals(e.getKey()) && e.getValue() != null);
        if (activation == null || parameterised) {
            throw new IllegalArgumentException("layer " + index + " activation " + fn
                    + " is not supported by the compiled path");
        }
        return activation;
    }

    private static void requireValue(Map<?, ?> map, String key, Object expected, int index) {
        if (!expected.equals(map.get(key))) {
            throw new IllegalArgumentException("layer " + index + " " + key + " is " + map.get(key)
                    + "; the compiled path reads " + expected + " only");
        }
    }

    private static int size(Object value, String what) {
        if (!(value instanceof Long n) || n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be a positive int, got " + value);
        }
        return n.intValue();
    }

    /** The flat parameter vector, which must hold exactly {@code count} floats. */
    private static float[] parameters(byte[] coefficients, long count) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(coefficients));
        requireUtf(in, MIXED_DATA_TYPES, "shape buffer allocation mode");
        long shapeLength = in.readLong();
        requireUtf(in, "LONG", "shape buffer type");
        if (shapeLength < 6 || shapeLength > 8) {
            throw new IllegalArgumentException("the parameters' shape buffer has " + shapeLength
                    + " values; a vector of rank 1 or 2 has 6 or 8");
        }
        long[] shapeInfo = new long[(int) shapeLength];
        for (int i = 0; i < shapeInfo.length; i++) {
            shapeInfo[i] = in.readLong();
        }
        long rank = shapeInfo[0];
        long elements = 1;
        if (2 * rank + 4 == shapeLength) {
            for (int i = 1; i <= rank; i++) {
                elements = Math.multiplyExact(elements, shapeInfo[i]);
            }
        }
        if (2 * rank + 4 != shapeLength || (rank == 2 && shapeInfo[1] != 1 && shapeInfo[2] != 1)
                || elements != count) {
            throw new IllegalArgumentException("the parameters are not a vector of the " + count
                    + " values the layers need (shape info " + Arrays.toString(shapeInfo) + ")");
        }
        requireUtf(in, MIXED_DATA_TYPES, "data buffer allocation mode");
        long length = in.readLong();
        requireUtf(in, "FLOAT", "data buffer type");
        int header = coefficients.length - in.available();
        if (length != count || coefficients.length - header != Math.multiplyExact(count, Float.BYTES)) {
            throw new IllegalArgumentException("the data buffer declares " + length + " values and holds "
                    + (coefficients.length - header) + " bytes; the layers need " + count + " floats");
        }
        float[] parameters = new float[(int) count];
        ByteBuffer.wrap(coefficients, header, coefficients.length - header).asFloatBuffer().get(parameters);
        return parameters;
    }

    private static void requireUtf(DataInputStream in, String expected, String what) throws IOException {
        String actual = in.readUTF();
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("the parameters' " + what + " is " + actual + ", expected "
                    + expected);
        }
    }

    /** The column-major {@code [inputs x outputs]} block at {@code offset}, transposed to row-major. */
    private static float[] rowMajor(float[] parameters, int offset, int inputs, int outputs) {
        float[] weights = new float[inputs * outputs];
        for (int j = 0; j < outputs; j++) {
            int column = offset + j * inputs;
            for (int i = 0; i < inputs; i++) {
                weights[i * outputs + j] = parameters[column + i];
            }
        }
        return weights;
    }

    /** A JSON document as maps, lists, strings, longs, doubles, booleans and nulls. */
    private static Object parse(byte[] json) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            parser.nextToken();
            return value(parser);
        }
    }

    private static Object value(JsonParser parser) {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getString();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }

    private static Map<?, ?> object(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return map;
    }

    private static List<?> list(Object value, String what) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(what + " is not a JSON array");
        }
        return list;
    }
}
