package dev.yolojava.tensorrt;

import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** TensorRT's log sink: warnings and errors go to SLF4J; the last error is kept for exception messages. */
final class TrtLogger extends ILogger {
  static final TrtLogger INSTANCE = new TrtLogger();
  private static final Logger LOG = LoggerFactory.getLogger("tensorrt");
  private volatile String lastError = "(no TensorRT error logged)";

  private TrtLogger() {
    retainReference(); // TensorRT keeps the pointer for the life of the process
  }

  @Override
  public void log(ILogger.Severity severity, String msg) {
    switch (severity) {
      case kINTERNAL_ERROR, kERROR -> {
        lastError = msg;
        LOG.error(msg);
      }
      case kWARNING -> LOG.warn(msg);
      case kINFO -> LOG.debug(msg);
      default -> LOG.trace(msg);
    }
  }

  String lastError() {
    return lastError;
  }
}
