package dev.yolojava.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.pytorch.Tensor;

/**
 * A model parameter with its Ultralytics state-dict key and group role.
 *
 * @param key e.g. {@code model.0.conv.weight}; keys identify optimizer state on export and import
 * @param tensor the live parameter (not a copy)
 * @param role the Ultralytics group it belongs to
 */
public record NamedParam(String key, Tensor tensor, ParamRole role) {
  public NamedParam {
    checkArgument(key != null && !key.isEmpty(), "parameter key is empty");
    checkArgument(tensor != null && tensor.defined(), "parameter '%s' is not a defined tensor", key);
  }
}
