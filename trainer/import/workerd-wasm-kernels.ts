/**
 * Every kernel `@tensorflow/tfjs-backend-wasm` 4.22.0 registers for `wasm`
 * (`dist/register_all_kernels.js`): exactly what the worker's inference can run, since workerd
 * loads that file and nothing else (worker/inference/wasm-backend.ts). The trainer's own wasm
 * backend has more (gradient kernels), so a forward pass that works there proves nothing by
 * itself; `checkWorkerKernels` compares against this list. A test re-reads the installed
 * package and fails when this list goes stale.
 */
export const WORKERD_WASM_KERNELS: ReadonlySet<string> = new Set([
  'Abs', 'Acos', 'Acosh', 'Add', 'AddN', 'All', 'Any', 'ArgMax', 'ArgMin', 'Asin', 'Asinh', 'Atan', 'Atan2',
  'Atanh', 'AvgPool', 'AvgPool3D', 'AvgPool3DGrad', 'AvgPoolGrad', 'BatchMatMul', 'BatchToSpaceND',
  'Bincount', 'BitwiseAnd', 'BroadcastArgs', 'Cast', 'Ceil', 'ClipByValue', 'Concat', 'Conv2D',
  'Conv2DBackpropInput', 'Conv3D', 'Conv3DBackpropFilterV2', 'Conv3DBackpropInputV2', 'Cos', 'Cosh',
  'CropAndResize', 'Cumprod', 'Cumsum', 'DenseBincount', 'DepthToSpace', 'DepthwiseConv2dNative', 'Diag',
  'Dilation2D', 'Dilation2DBackpropFilter', 'Dilation2DBackpropInput', 'Elu', 'EluGrad', 'Equal', 'Erf',
  'Exp', 'ExpandDims', 'Expm1', 'Fill', 'FlipLeftRight', 'Floor', 'FloorDiv', 'FusedBatchNorm', 'FusedConv2D',
  'FusedDepthwiseConv2D', 'GatherNd', 'GatherV2', 'Greater', 'GreaterEqual', 'Identity', 'IsFinite', 'IsInf',
  'IsNan', 'LRN', 'LRNGrad', 'LeakyRelu', 'Less', 'LessEqual', 'LinSpace', 'Log', 'Log1p', 'LogicalAnd',
  'LogicalNot', 'LogicalOr', 'LogicalXor', 'Max', 'MaxPool', 'MaxPool3D', 'MaxPool3DGrad', 'MaxPoolGrad',
  'MaxPoolWithArgmax', 'Maximum', 'Mean', 'Min', 'Minimum', 'MirrorPad', 'Mod', 'Multinomial', 'Multiply',
  'Neg', 'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5', 'NotEqual', 'OneHot',
  'OnesLike', 'Pack', 'PadV2', 'Pow', 'Prelu', 'Prod', 'Range', 'RealDiv', 'Reciprocal', 'Relu', 'Relu6',
  'Reshape', 'ResizeBilinear', 'ResizeBilinearGrad', 'ResizeNearestNeighbor', 'ResizeNearestNeighborGrad',
  'Reverse', 'RotateWithOffset', 'Round', 'Rsqrt', 'ScatterNd', 'SearchSorted', 'Select', 'Selu', 'Sigmoid',
  'Sign', 'Sin', 'Sinh', 'Slice', 'Softmax', 'Softplus', 'SpaceToBatchND', 'SparseFillEmptyRows',
  'SparseReshape', 'SparseSegmentMean', 'SparseSegmentSum', 'SparseToDense', 'SplitV', 'Sqrt', 'Square',
  'SquaredDifference', 'Step', 'StridedSlice', 'StringNGrams', 'StringSplit', 'StringToHashBucketFast', 'Sub',
  'Sum', 'Tan', 'Tanh', 'TensorScatterUpdate', 'Tile', 'TopK', 'Transform', 'Transpose', 'Unique', 'Unpack',
  'ZerosLike', '_FusedMatMul',
]);
