package dev.yolojava.cuda;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.cuda.CUDAStreamGuard;
import org.bytedeco.pytorch.cuda.DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair;
import org.bytedeco.pytorch.cuda.MemPool;
import org.bytedeco.pytorch.cuda.StreamFilter;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * CUDA graphs over libtorch ops, as {@code torch.cuda.CUDAGraph} builds them (the preset has no such class): the ops
 * a body launches on a side stream, including the autograd engine's backward ops, are recorded once and then
 * replayed with one launch. Every tensor the captured ops allocate comes from a private pool of libtorch's caching
 * allocator that the graphs of one {@link Pool} share and nothing else uses, so a replay writes only memory that the
 * graphs own. Replays read and write the same addresses as the capture: inputs are copied into tensors that
 * existed at capture time, outputs are read from the tensors the capture returned.
 */
public final class CudaGraph implements AutoCloseable {
  private final CUgraph_st graph;
  private final CUgraphExec_st exec;
  private final byte device;
  private boolean closed;

  private CudaGraph(CUgraph_st graph, CUgraphExec_st exec, byte device) {
    this.graph = graph;
    this.exec = exec;
    this.device = device;
  }

  /** Launches the graph on the current stream of its device (after the ops already queued there). */
  public void replay() {
    checkState(!closed, "CUDA graph replayed after close()");
    try (CUDAStream current = torch_cuda.getCurrentCUDAStream(device)) {
      check(cudart.cudaGraphLaunch(exec, current.stream()), "cudaGraphLaunch");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cudart.cudaGraphExecDestroy(exec);
      cudart.cudaGraphDestroy(graph);
    }
  }

  private static void synchronizeCurrent(byte device) {
    try (CUDAStream current = torch_cuda.getCurrentCUDAStream(device)) {
      current.synchronize();
    }
  }

  private static void check(int status, String call) {
    checkState(status == cudart.cudaSuccess, "%s failed: CUDA error %s (%s)", call, status,
        cudart.cudaGetErrorString(status).getString());
  }

  /** The private memory pool and side stream that a set of graphs is captured with. Close it after its graphs. */
  public static final class Pool implements AutoCloseable {
    private static final List<Pointer> POOL_IDS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final byte device;
    private final DeviceAssertionsDataVectorCUDAKernelLaunchInfoVectorPair id; // a MempoolId_t, misnamed by the preset
    private final CUDAStream stream;
    private final long streamAddress;
    private final StreamFilter onCaptureStream;
    private final List<CudaGraph> graphs = new ArrayList<>();
    private boolean closed;

    public Pool(int deviceIndex) {
      this.device = (byte) deviceIndex;
      this.id = MemPool.graph_pool_handle(false);
      // The preset maps MempoolId_t (two integers) to a pair of vectors: freeing this object would run vector
      // destructors on the two integers. So it is never freed: an extra reference outlives any PointerScope, and
      // the list keeps it from the garbage collector (16 bytes per pool).
      id.retainReference();
      POOL_IDS.add(id);
      this.stream = torch_cuda.getStreamFromPool(false, device);
      this.streamAddress = stream.stream().address();
      // the caching allocator asks, for each allocation while the pool is active, whether it belongs to the pool
      this.onCaptureStream = new StreamFilter() {
        @Override
        public boolean call(Pointer s) {
          return s != null && s.address() == streamAddress;
        }
      };
    }

    /**
     * Runs {@code body} once on the pool's side stream with capture on: nothing it launches executes now; the
     * returned graph runs it. The body must not wait for the device (no {@code item()}, no host copies of device
     * data) and must keep every tensor a later replay reads or writes. The device is synchronised before and after.
     */
    public CudaGraph capture(Runnable body) {
      checkState(!closed, "capture on a closed pool");
      CUstream_st raw = stream.stream();
      synchronizeCurrent(device);
      torch_cuda.beginAllocateToPool(device, id, onCaptureStream);
      CUgraph_st graph = new CUgraph_st();
      try (CUDAStreamGuard guard = new CUDAStreamGuard(stream.unwrap())) {
        // relaxed: the loader's threads keep using the device (on their own streams) while this thread captures
        check(cudart.cudaStreamBeginCapture(raw, cudart.cudaStreamCaptureModeRelaxed), "cudaStreamBeginCapture");
        try {
          body.run();
        } catch (RuntimeException | Error e) {
          cudart.cudaStreamEndCapture(raw, graph);
          if (!graph.isNull()) {
            cudart.cudaGraphDestroy(graph);
          }
          throw e;
        }
        check(cudart.cudaStreamEndCapture(raw, graph), "cudaStreamEndCapture");
      } finally {
        torch_cuda.endAllocateToPool(device, id);
      }
      CUgraphExec_st exec = new CUgraphExec_st();
      int status = cudart.cudaGraphInstantiate(exec, graph, 0L);
      if (status != cudart.cudaSuccess) {
        cudart.cudaGraphDestroy(graph);
        check(status, "cudaGraphInstantiate");
      }
      stream.synchronize();
      CudaGraph g = new CudaGraph(graph, exec, device);
      graphs.add(g);
      return g;
    }

    /** Destroys the pool's graphs and gives the pool's memory back to the caching allocator. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      synchronizeCurrent(device);
      graphs.forEach(CudaGraph::close);
      torch_cuda.getAllocator().releasePool(device, id);
    }
  }
}
