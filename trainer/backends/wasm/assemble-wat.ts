import { OPCODES, unsigned } from './wat-opcodes';

/**
 * A WebAssembly text (WAT) assembler for the small subset the SIMD training kernels are written
 * in, so they can live in the repo as readable source rather than as an opaque binary or a
 * toolchain dependency.
 *
 * Supported: one `(module …)` with `(import "m" "f" (memory N))` and `(func $name (export "name")
 * (param $p T)* (local $l T)* instr*)` (no results, no calls); instructions in folded form only:
 * `(block $l …)`, `(loop $l …)`, `(if (cond) (then …) (else …))`, `(br $l)`, `(br_if $l cond)`,
 * `local.get/set/tee`, constants (`v128.const f32x4 …`/`i32x4 …`), loads and stores with
 * `offset=`, lane ops with a lane index, and the operators in `OPCODES`.
 * Types: i32, f32, f64, v128. Comments: `;; …` to the end of the line.
 */
export function assembleWat(source: string): Uint8Array<ArrayBuffer> {
  const parsed = parseSExpressions(tokenize(source));
  const [moduleForm] = parsed;
  if (parsed.length !== 1 || !isList(moduleForm) || moduleForm[0] !== 'module') {
    throw new Error('assembleWat: expected exactly one (module …) form');
  }
  const imports: number[][] = [];
  const functions: FunctionForm[] = [];
  for (const field of moduleForm.slice(1)) {
    if (!isList(field)) throw new Error(`assembleWat: unexpected atom '${field}' in module`);
    if (field[0] === 'import') imports.push(encodeMemoryImport(field));
    else if (field[0] === 'func') functions.push(parseFunction(field));
    else throw new Error(`assembleWat: unsupported module field '${String(field[0])}'`);
  }
  const types: string[] = [];
  const typeIndex = (params: readonly ValueType[]): number => {
    const key = params.join(',');
    const found = types.indexOf(key);
    return found >= 0 ? found : types.push(key) - 1;
  };
  const functionTypes = functions.map((fn) => typeIndex(fn.params.map((param) => param.type)));
  const typeEntries = types.map((key) => {
    const params = key === '' ? [] : (key.split(',') as ValueType[]);
    return [0x60, ...vector(params.map((type) => [VALUE_TYPES[type]])), 0x00];
  });
  const exports = functions.flatMap((fn, index) => (fn.exportName === undefined ? [] : [[...name(fn.exportName), 0x00, ...unsigned(index)]]));
  const bodies = functions.map((fn) => {
    const body = [...encodeLocals(fn.locals), ...encodeBody(fn), 0x0b];
    return [...unsigned(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(typeEntries)),
    ...section(2, vector(imports)),
    ...section(3, vector(functionTypes.map((index) => unsigned(index)))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}

type SExpression = string | SExpression[];
type ValueType = 'i32' | 'f32' | 'f64' | 'v128';

const VALUE_TYPES: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

function tokenize(source: string): string[] {
  const withoutComments = source.replace(/;;[^\n]*/g, ' ');
  return withoutComments.match(/\(|\)|"[^"]*"|[^\s()]+/g) ?? [];
}

function parseSExpressions(tokens: readonly string[]): SExpression[] {
  const stack: SExpression[][] = [[]];
  for (const token of tokens) {
    if (token === '(') {
      stack.push([]);
    } else if (token === ')') {
      const done = stack.pop();
      const parent = stack.at(-1);
      if (done === undefined || parent === undefined) throw new Error('assembleWat: unbalanced )');
      parent.push(done);
    } else {
      (stack.at(-1) as SExpression[]).push(token); // the stack always holds the top level
    }
  }
  if (stack.length !== 1) throw new Error(`assembleWat: ${stack.length - 1} unclosed (`);
  return stack[0] as SExpression[];
}

function isList(expression: SExpression | undefined): expression is SExpression[] {
  return Array.isArray(expression);
}

function atom(expression: SExpression | undefined, what: string): string {
  if (typeof expression !== 'string') throw new Error(`assembleWat: expected ${what}, got ${JSON.stringify(expression)}`);
  return expression;
}

function unquote(token: SExpression | undefined): string {
  const text = atom(token, 'a string');
  if (!text.startsWith('"') || !text.endsWith('"')) throw new Error(`assembleWat: expected a string, got ${text}`);
  return text.slice(1, -1);
}

function valueType(token: SExpression | undefined): ValueType {
  const text = atom(token, 'a value type');
  if (!(text in VALUE_TYPES)) throw new Error(`assembleWat: unsupported value type '${text}'`);
  return text as ValueType;
}

function encodeMemoryImport(field: SExpression[]): number[] {
  const [, moduleName, fieldName, descriptor] = field;
  if (!isList(descriptor) || descriptor[0] !== 'memory') throw new Error('assembleWat: only memory imports are supported');
  const limits = descriptor.slice(1).filter((token) => typeof token === 'string' && !token.startsWith('$'));
  const minimum = Number(atom(limits[0], 'the minimum memory size'));
  return [...name(unquote(moduleName)), ...name(unquote(fieldName)), 0x02, 0x00, ...unsigned(minimum)];
}

interface Local {
  readonly name: string;
  readonly type: ValueType;
}

interface FunctionForm {
  readonly name: string;
  readonly exportName: string | undefined;
  readonly params: Local[];
  readonly locals: Local[];
  readonly body: SExpression[];
}

function parseFunction(field: SExpression[]): FunctionForm {
  const fnName = atom(field[1], 'a function name');
  let exportName: string | undefined;
  const params: Local[] = [];
  const locals: Local[] = [];
  let index = 2;
  for (; index < field.length; index++) {
    const item = field[index];
    if (!isList(item)) break;
    if (item[0] === 'export') exportName = unquote(item[1]);
    else if (item[0] === 'param') params.push({ name: atom(item[1], 'a parameter name'), type: valueType(item[2]) });
    else if (item[0] === 'local') locals.push({ name: atom(item[1], 'a local name'), type: valueType(item[2]) });
    else break;
  }
  return { name: fnName, exportName, params, locals, body: field.slice(index) };
}

function encodeLocals(locals: readonly Local[]): number[] {
  // One (count, type) entry per local keeps the encoding simple; order matches the indices.
  return vector(locals.map((local) => [0x01, VALUE_TYPES[local.type]]));
}

function encodeBody(fn: FunctionForm): number[] {
  const localIndex = new Map([...fn.params, ...fn.locals].map((local, index) => [local.name, index]));
  const labels: (string | undefined)[] = [];
  const out: number[] = [];

  const labelDepth = (token: SExpression | undefined): number => {
    const label = atom(token, 'a label');
    const depth = labels.length - 1 - labels.lastIndexOf(label);
    if (depth >= labels.length) throw new Error(`assembleWat: ${fn.name}: unknown label ${label}`);
    return depth;
  };

  const emit = (expression: SExpression): void => {
    if (!isList(expression)) throw new Error(`assembleWat: ${fn.name}: expected a folded instruction, got '${expression}'`);
    const op = atom(expression[0], 'an instruction');
    const args = expression.slice(1);
    if (op === 'block' || op === 'loop') {
      const hasLabel = typeof args[0] === 'string';
      labels.push(hasLabel ? (args[0] as string) : undefined);
      out.push(op === 'block' ? 0x02 : 0x03, 0x40);
      args.slice(hasLabel ? 1 : 0).forEach(emit);
      out.push(0x0b);
      labels.pop();
    } else if (op === 'if') {
      const [condition, thenArm, elseArm] = args;
      if (condition === undefined || !isList(thenArm) || thenArm[0] !== 'then') throw new Error(`assembleWat: ${fn.name}: expected (if cond (then …) (else …)?)`);
      emit(condition);
      labels.push(undefined);
      out.push(0x04, 0x40);
      thenArm.slice(1).forEach(emit);
      if (isList(elseArm) && elseArm[0] === 'else') {
        out.push(0x05);
        elseArm.slice(1).forEach(emit);
      }
      out.push(0x0b);
      labels.pop();
    } else if (op === 'br' || op === 'br_if') {
      args.slice(1).forEach(emit);
      out.push(op === 'br' ? 0x0c : 0x0d, ...unsigned(labelDepth(args[0])));
    } else if (op === 'i32.const') {
      out.push(0x41, ...signed(Number(atom(args[0], 'an i32'))));
    } else if (op === 'f32.const') {
      out.push(0x43, ...new Uint8Array(new Float32Array([parseFloatToken(args[0])]).buffer));
    } else if (op === 'f64.const') {
      out.push(0x44, ...new Uint8Array(new Float64Array([parseFloatToken(args[0])]).buffer));
    } else if (op === 'v128.const') {
      const shape = atom(args[0], 'a v128 shape');
      const lanes = args.slice(1, 5).map(parseFloatToken);
      const bytes = shape === 'f32x4' ? new Float32Array(lanes) : shape === 'i32x4' ? new Int32Array(lanes) : undefined;
      if (bytes === undefined || lanes.length !== 4) throw new Error(`assembleWat: ${fn.name}: v128.const takes f32x4 or i32x4 and 4 lanes`);
      out.push(0xfd, 0x0c, ...new Uint8Array(bytes.buffer));
    } else {
      const opcode = OPCODES[op];
      if (opcode === undefined) throw new Error(`assembleWat: ${fn.name}: unsupported instruction '${op}'`);
      let operands = args;
      const immediates: number[] = [];
      if (opcode.immediate === 'local') {
        const local = atom(args[0], 'a local');
        const index = localIndex.get(local);
        if (index === undefined) throw new Error(`assembleWat: ${fn.name}: unknown local ${local}`);
        immediates.push(...unsigned(index));
        operands = args.slice(1);
      } else if (opcode.immediate === 'memory') {
        let offset = 0;
        while (typeof operands[0] === 'string' && operands[0].startsWith('offset=')) {
          offset = Number(operands[0].slice('offset='.length));
          operands = operands.slice(1);
        }
        immediates.push(...unsigned(opcode.align ?? 0), ...unsigned(offset));
      } else if (opcode.immediate === 'lane') {
        immediates.push(Number(atom(args[0], 'a lane index')));
        operands = args.slice(1);
      }
      operands.forEach(emit);
      out.push(...opcode.bytes, ...immediates);
    }
  };

  fn.body.forEach(emit);
  return out;
}

function parseFloatToken(token: SExpression | undefined): number {
  const text = atom(token, 'a number');
  const value = text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
  if (Number.isNaN(value) && text !== 'nan') throw new Error(`assembleWat: bad number '${text}'`);
  return value;
}

function signed(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function name(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  return [...unsigned(bytes.length), ...bytes];
}

function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}
