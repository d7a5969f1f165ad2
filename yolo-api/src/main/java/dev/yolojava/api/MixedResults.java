package dev.yolojava.api;

import com.google.common.collect.AbstractIterator;
import com.google.common.collect.Iterators;
import com.google.common.collect.PeekingIterator;
import dev.yolojava.core.engine.PredictPipeline;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Results over a lazy sequence of images and videos, in order: each run of consecutive images goes through one
 * pipeline run (batched across sources), each video (or {@code .streams} list) through a {@link StreamResults}.
 */
final class MixedResults extends AbstractIterator<Detections> implements AutoCloseable {
  private final PeekingIterator<Sources.Item> items;
  private final Function<Iterator<PredictPipeline.Input>, PredictPipeline.Results> images;
  private final Function<PredictPipeline.Result, Detections> convert;
  private final Function<List<String>, StreamResults> videos;
  private Iterator<Detections> current = java.util.Collections.emptyIterator();
  private AutoCloseable closer;

  MixedResults(Iterator<Sources.Item> items,
      Function<Iterator<PredictPipeline.Input>, PredictPipeline.Results> images,
      Function<PredictPipeline.Result, Detections> convert, Function<List<String>, StreamResults> videos) {
    this.items = Iterators.peekingIterator(items);
    this.images = images;
    this.convert = convert;
    this.videos = videos;
  }

  @Override
  protected Detections computeNext() {
    while (!current.hasNext()) {
      closeCurrent();
      if (!items.hasNext()) {
        return endOfData();
      }
      if (items.peek().isVideo()) {
        StreamResults r = videos.apply(items.next().videos());
        current = r;
        closer = r;
      } else {
        Iterator<PredictPipeline.Input> run = new AbstractIterator<>() {
          @Override
          protected PredictPipeline.Input computeNext() {
            if (!items.hasNext() || items.peek().isVideo()) {
              return endOfData();
            }
            Sources.Item i = items.next();
            return new PredictPipeline.Input(i.name(), i.decoder());
          }
        };
        PredictPipeline.Results r = images.apply(run);
        current = Iterators.transform(r, convert::apply);
        closer = r;
      }
    }
    return current.next();
  }

  private void closeCurrent() {
    if (closer != null) {
      try {
        closer.close();
      } catch (Exception e) {
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      }
      closer = null;
    }
  }

  @Override
  public void close() {
    closeCurrent();
    current = java.util.Collections.emptyIterator();
  }
}
