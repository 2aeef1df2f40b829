// The scoring half of nlp.js's NluNeural.process (textToFeatures → perceptrons → filterNonActivated
// → normalizeClassifications), redone on tables built once per model: nlp.js allocates ~15 KB per
// call (settings clone, holey feature objects, closures, two sorts). Results equal nlp.js's own,
// its quirks included; test/unit/perceptron-scorer.test.ts holds it to that.

import type { NluNeural } from '@nlpjs/nlu';

export interface Ranked {
  label: string;
  score: number;
}

/** A text as nlp.js prepares it: its tokens (normalised, stemmed) → 1. */
export type PreparedTokens = Readonly<Record<string, number>>;

const NONE = 'None';
/** nlp.js's extra input for unknown words (when useNoneFeature is on); the literal word is dropped. */
const NONE_FEATURE = 'nonefeature';
/**
 * nlp.js looks tokens up on plain objects, so a word such as "constructor" finds an Object.prototype
 * member, every perceptron sums to NaN and nothing is ranked. Kept so results stay identical.
 */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Scores prepared tokens with a trained NluNeural's perceptrons. rank() is synchronous, so one set of scratch arrays serves every call. */
export class PerceptronScorer {
  /** Label of each output, in nlp.js's `intentsArr` order (which decides ties). */
  private readonly labels: string[];
  private readonly isNone: Uint8Array;
  private readonly weights: Float32Array[];
  private readonly bias: Float64Array;
  /** Known token → feature number. */
  private readonly featureOf: Map<string, number>;
  /** Feature → network input, or -1. */
  private readonly featureInput: Int32Array;
  /** Outputs a feature activates (filterNonActivated), as ranges: activatedFrom[f] … activatedFrom[f + 1] of `activated`. */
  private readonly activatedFrom: Int32Array;
  private readonly activated: Int32Array;
  private readonly noneInput: number;
  private readonly noneActivates: Int32Array;

  // Per-call scratch, reused.
  private readonly inputs: Int32Array;
  private readonly values: Float64Array;
  private readonly raw: Float64Array;
  private readonly order: Int32Array;
  /** Output o is activated in this call when activeIn[o] === call. */
  private readonly activeIn: Uint32Array;
  private call = 0;

  private constructor(
    net: NluNeural,
    private readonly alpha: number,
    private readonly useNoneFeature: boolean,
    private readonly firstNoneDelta: number,
    private readonly noneDeltaMultiplier: number,
    private readonly filterZeros: boolean,
    private readonly filtersNonActivated: boolean,
  ) {
    const network = net.neuralNetwork;
    const perceptrons = network?.perceptrons ?? [];
    const inputDict = network?.lookup?.inputLookup.dict ?? {};
    const outputDict = network?.lookup?.outputLookup.dict ?? {};
    // convertToArray keeps only the outputs named in intentsArr, in its order.
    const outputs = intentsArrOf(net, outputDict)
      .map((label) => ({ label, perceptron: ownValue(outputDict, label) }))
      .flatMap(({ label, perceptron }) => (perceptron !== undefined && perceptrons[perceptron] ? [{ label, perceptron: perceptrons[perceptron] }] : []));
    this.labels = outputs.map((o) => o.label);
    this.isNone = Uint8Array.from(outputs, (o) => (o.label === NONE ? 1 : 0));
    this.weights = outputs.map((o) => o.perceptron.weights);
    this.bias = Float64Array.from(outputs, (o) => o.perceptron.bias);

    // Known features are those nlp.js's textToFeatures keeps: truthy in net.features.
    const features = Object.keys(net.features ?? {}).filter((f) => net.features[f]);
    this.featureOf = new Map(features.map((f, i) => [f, i]));
    this.featureInput = Int32Array.from(features, (f) => ownValue(inputDict, f) ?? -1);
    const activates = (feature: string) => this.labels.flatMap((label, o) => (intentIsActivatedBy(net, label, feature) ? [o] : []));
    const lists = features.map(activates);
    this.activatedFrom = new Int32Array(features.length + 1);
    lists.forEach((list, f) => (this.activatedFrom[f + 1] = this.activatedFrom[f]! + list.length));
    this.activated = Int32Array.from(lists.flat());
    this.noneInput = ownValue(inputDict, NONE_FEATURE) ?? -1;
    this.noneActivates = Int32Array.from(activates(NONE_FEATURE));

    this.inputs = new Int32Array(features.length + 1);
    this.values = new Float64Array(features.length + 1);
    this.raw = new Float64Array(outputs.length);
    this.order = new Int32Array(outputs.length);
    this.activeIn = new Uint32Array(outputs.length);
  }

  /** Reads a trained (or restored) nlp.js NluNeural once; call again after it is retrained. */
  static fromNlpjs(net: NluNeural): PerceptronScorer {
    const { settings } = net;
    // nlp.js would spell-correct tokens or filter by the allow list first; neither is reimplemented.
    if (settings.spellCheck) throw new Error('PerceptronScorer: nlp.js spellCheck must be off');
    if (settings.allowList !== undefined) throw new Error('PerceptronScorer: nlp.js allowList is not supported');
    return new PerceptronScorer(
      net,
      net.neuralNetwork?.settings.alpha ?? 0,
      Boolean(settings.useNoneFeature),
      settings.nonedeltaValue === undefined ? net.numIntents / net.numFeatures : settings.nonedeltaValue,
      settings.nonedeltaMultiplier,
      Boolean(settings.filterZeros),
      net.intentFeatures !== undefined,
    );
  }

  /** Labels ranked by score, best first, as nlp.js's process() ranks them (None and zero scores left out). */
  rank(tokens: PreparedTokens): Ranked[] {
    const { raw, order, inputs, values } = this;
    const outputs = this.labels.length;
    if (outputs === 0) return [];
    const call = this.nextCall();

    // textToFeatures: known tokens become inputs in the object's key order (the order nlp.js sums
    // in); unknown ones only count toward the none feature.
    let count = 0;
    let unknown = 0;
    for (const token in tokens) {
      if (token === NONE_FEATURE) continue;
      const feature = this.featureOf.get(token);
      if (feature === undefined) {
        if (OBJECT_MEMBERS.has(token)) return [];
        unknown += 1;
        continue;
      }
      const input = this.featureInput[feature]!;
      if (input >= 0) {
        inputs[count] = input;
        values[count] = tokens[token]!;
        count += 1;
      }
      this.activate(this.activated, this.activatedFrom[feature]!, this.activatedFrom[feature + 1]!, call);
    }
    // Unknown words add up to the none feature's value: delta, delta × multiplier, … (nlp.js's order).
    let noneValue = 0;
    if (this.useNoneFeature) {
      for (let i = 0, delta = this.firstNoneDelta; i < unknown; i += 1, delta *= this.noneDeltaMultiplier) noneValue += delta;
    }
    if (noneValue) {
      if (this.noneInput >= 0) {
        inputs[count] = this.noneInput;
        values[count] = noneValue;
        count += 1;
      }
      this.activate(this.noneActivates, 0, this.noneActivates.length, call);
    }

    // Perceptrons (bias + Σ value × weight; zero if not positive, else × alpha), kept in a stable
    // descending order as nlp.js's sort leaves them.
    let kept = 0;
    for (let o = 0; o < outputs; o += 1) {
      const weights = this.weights[o]!;
      let sum = this.bias[o]!;
      for (let j = 0; j < count; j += 1) sum += values[j]! * weights[inputs[j]!]!;
      const score = sum <= 0 ? 0 : this.alpha * sum;
      raw[o] = score;
      if (score > 0 || !this.filterZeros) {
        let at = kept;
        while (at > 0 && raw[order[at - 1]!]! < score) {
          order[at] = order[at - 1]!;
          at -= 1;
        }
        order[at] = o;
        kept += 1;
      }
    }

    // filterNonActivated zeroes outputs none of whose training features occur; normalizeClassifications
    // squares and divides by the total (None included, zeroed outputs adding nothing).
    let total = 0;
    for (let i = 0; i < kept; i += 1) {
      const o = order[i]!;
      if (this.counts(o, call)) total += raw[o]! ** 2;
    }
    const ranked: Ranked[] = [];
    for (let i = 0; i < kept; i += 1) {
      const o = order[i]!;
      if (this.isNone[o] || !this.counts(o, call)) continue;
      let score = raw[o]! ** 2;
      if (total > 0) score /= total;
      if (score > 0) ranked.push({ label: this.labels[o]!, score });
    }
    return ranked;
  }

  private activate(list: Int32Array, from: number, to: number, call: number): void {
    for (let k = from; k < to; k += 1) this.activeIn[list[k]!] = call;
  }

  /** Whether output o keeps its score after filterNonActivated. */
  private counts(o: number, call: number): boolean {
    return this.isNone[o] === 1 || !this.filtersNonActivated || this.activeIn[o] === call;
  }

  private nextCall(): number {
    this.call = this.call === 0xffffffff ? 1 : this.call + 1;
    if (this.call === 1) this.activeIn.fill(0);
    return this.call;
  }
}

/** convertToArray's label order: set by fromJSON, else computed on the first process() as here. */
function intentsArrOf(net: NluNeural, outputDict: Record<string, number>): string[] {
  if (net.intentsArr) return net.intentsArr;
  if (!net.intents) return Object.keys(outputDict);
  const labels = Object.keys(net.intents);
  return net.intents[NONE] ? labels : [...labels, NONE];
}

/** nlp.js's intentIsActivated, with its plain-object lookups. */
function intentIsActivatedBy(net: NluNeural, label: string, feature: string): boolean {
  const features = net.intentFeatures?.[label];
  return Boolean(features?.[feature]);
}

function ownValue(dict: Record<string, number>, key: string): number | undefined {
  return Object.hasOwn(dict, key) ? dict[key] : undefined;
}
