"""Chromium's own counts (chrome://histograms, renderer processes included), for the tests and the benches.

They show what the browser did with the site's compiled code, which no page can see:
- V8.WasmCodeCaching: what each streaming compile of a wasm module found beside its response (the buckets below);
- V8.WasmSerializationTimeMilliSeconds: one sample each time V8 handed the browser compiled code to keep.
"""

CODE_CACHE_MISS, CODE_CACHE_HIT, CODE_CACHE_INVALID, NO_CODE_CACHE_HANDLER = 0, 1, 2, 3
CODE_KEPT = "V8.WasmSerializationTimeMilliSeconds"
CODE_CACHING = "V8.WasmCodeCaching"
# {bucket: samples} of the histogram `name`, asked again until it holds at least `samples` samples or `seconds`
# pass (renderers report with a delay)
CHROMIUM_HISTOGRAM = """async ([name, samples, seconds]) => {
    const { sendWithPromise } = await import("chrome://resources/js/cr.js");
    const deadline = performance.now() + seconds * 1000;
    for (;;) {
        const found = (await sendWithPromise("requestHistograms", name, true)).find((h) => h.name === name);
        const buckets = {};
        for (const line of found ? found.body.split("\\n") : []) {
            const match = /^(\\d+)\\s+-*O\\s+\\((\\d+) = /.exec(line);
            if (match && Number(match[2]) > 0) buckets[match[1]] = Number(match[2]);
        }
        const total = Object.values(buckets).reduce((a, b) => a + b, 0);
        if (total >= samples || performance.now() > deadline) return buckets;
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}"""


def chromium_histogram(context, name: str, samples: int, seconds: float = 60) -> dict:
    """The buckets of Chromium's histogram `name` once it has `samples` samples (or as they stand after `seconds`)."""
    page = context.new_page()
    try:
        page.goto("chrome://histograms/")
        return {int(bucket): count for bucket, count in page.evaluate(CHROMIUM_HISTOGRAM, [name, samples, seconds]).items()}
    finally:
        page.close()
