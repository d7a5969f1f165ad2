package dev.yolojava.core.nn;

import java.util.List;

/**
 * One built layer of the model: {@code model.<index>} in state-dict keys.
 *
 * @param index position in the model
 * @param from absolute indices of the input layers; {@code -1} is the input image
 * @param type module name as in the YAML ({@code Conv}, {@code nn.Upsample}, ...)
 * @param repeats repeats after depth scaling
 * @param block the module
 * @param outChannels channels of the layer's output (0 for the Detect head)
 */
public record Layer(int index, List<Integer> from, String type, int repeats, Block block, int outChannels) {
  public Layer {
    from = List.copyOf(from);
  }
}
