// window.interactiveEditor: the code editor of cells, exercises and explore cells. The static listing shows until
// the reader's intent (pointer, touch, focus, or, once the page has settled by runtime.js's rule, the listing coming
// within a screen of the viewport); then the CodeMirror bundle and its style (editor_bundle.py, data-bundle) load
// and mount in its place.
//   attach(listing <pre>, {code?, label?, labelledBy?, describedBy?, hint?, onRun, complete?}) -> editor
//       code: the listing's text unless given (less Pygments' last newline); the rest: createEditor's options
//       (editor/code_editor.mjs). editor = {frame (div.tt-editor.highlight, around the listing), value,
//       setValue(text) (not an edit: no onChange), onChange(listener(text)) -> unsubscribe, whenMounted()}.
//       The frame is Pygments' own div.highlight around the listing when it has one (its other children, such as
//       a copy button, go), else a new div put where the listing was. The listing itself never leaves the page:
//       taking it out and back would make the browser restyle and lay out every highlighted span again.
//   of(node) -> the editor whose frame holds node, or null;  mountAll(): Promise.
// Keys on the listing before the mount are kept: Shift/Ctrl/Cmd+Enter runs, typed text goes in on mount.
window.interactiveEditor = (() => {
  "use strict";

  const script = document.currentScript;
  const bundleURL = new URL(script.dataset.bundle, script.src).href;
  const styleURL = bundleURL.replace(/\.js$/, ".css"); // CodeMirror's look, written beside the bundle
  const editors = [];
  const byFrame = new WeakMap();
  let bundle = null;

  const stylesheet = (href) => new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href, onload: resolve });
    link.onerror = () => reject(new Error(`${href} could not be loaded`));
    document.head.append(link);
  });

  // The bundle and its style, once (a failed load is tried again on the next intent).
  const load = () => {
    bundle ??= Promise.all([import(bundleURL), stylesheet(styleURL)]).then(([module]) => module, (error) => {
      bundle = null;
      throw error;
    });
    return bundle;
  };

  // The listing's wrapper, made the frame in place; a new frame only for a listing without one.
  function frameAround(listing) {
    const wrapper = listing.parentElement;
    if (wrapper && wrapper.matches("div.highlight") && !byFrame.has(wrapper)) {
      for (const other of [...wrapper.childNodes]) if (other !== listing) other.remove();
      wrapper.classList.add("tt-editor");
      return wrapper;
    }
    const frame = Object.assign(document.createElement("div"), { className: "tt-editor highlight" });
    listing.before(frame);
    frame.append(listing); // the one move, for a listing that came without Pygments' wrapper
    return frame;
  }

  function attach(listing, options) {
    const code = options.code ?? listing.textContent.replace(/\n$/, "");
    if (listing.textContent === code) listing.append("\n"); // a <pre> shows no line after its last newline
    const staticHTML = listing.innerHTML;
    const frame = frameAround(listing);
    listing.classList.add("tt-static-code");
    listing.tabIndex = 0;
    listing.setAttribute("role", "textbox");
    listing.setAttribute("aria-multiline", "true");
    for (const [option, attribute] of [["label", "aria-label"], ["labelledBy", "aria-labelledby"], ["describedBy", "aria-describedby"]]) {
      if (options[option]) listing.setAttribute(attribute, options[option]);
    }

    const listeners = new Set();
    let value = code;
    let view = null; // createEditor's editor, once mounted
    let mounting = null;
    let typed = "";
    let pointer = null;

    function showStatic(text) {
      if (text === code) listing.innerHTML = staticHTML;
      else listing.textContent = text + "\n";
    }

    function mount() {
      mounting ??= load().then(({ createEditor }) => {
        const focused = document.activeElement === listing;
        view = createEditor({ ...options, parent: frame, doc: value, focused, pointer, typed,
          onChange: (text) => { value = text; listeners.forEach((listener) => listener(text)); } });
        listing.remove();
        frame.dataset.editor = "mounted";
      }, (error) => {
        mounting = null;
        frame.dataset.editor = "failed";
        listing.title = `The editor could not be loaded (${error.message}); Run still runs this code.`;
        throw error;
      });
      return mounting;
    }

    const intent = () => { mount().catch(() => {}); };
    frame.addEventListener("pointerenter", intent, { once: true });
    frame.addEventListener("pointerdown", (event) => { pointer = { x: event.clientX, y: event.clientY }; intent(); });
    frame.addEventListener("focusin", intent, { once: true });
    listing.addEventListener("keydown", (event) => {
      if (!event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation(); // as in the editor itself
      if (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        options.onRun();
      } else if (!event.ctrlKey && !event.metaKey && !event.altKey && (event.key.length === 1 || event.key === "Enter")) {
        event.preventDefault();
        typed += event.key === "Enter" ? "\n" : event.key;
      }
    });

    const editor = {
      frame,
      get value() { return view ? view.value : value; },
      setValue(text) {
        value = text;
        if (view) view.setValue(text);
        else showStatic(text);
      },
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      whenMounted: mount,
    };
    byFrame.set(frame, editor);
    editors.push(editor);
    watch(editor); // nothing until the page has settled
    return editor;
  }

  function of(node) {
    const frame = node && node.closest(".tt-editor");
    return (frame && byFrame.get(frame)) || null;
  }

  const mountAll = () => Promise.all(editors.map((editor) => editor.whenMounted()));

  // The page has settled (runtime.js's rule, as for Python's idle start): an editor mounts unasked, one per idle
  // period, once it comes within a screen of the viewport, so the reader finds CodeMirror already there when
  // scrolling to it. Not all at once: each mount restyles and lays out the page, and on a phone the first mount
  // (the bundle's evaluation) and each after it are long tasks that a reader who only reads would pay for.
  // An editor attached later (widgets set up a cell per task) is watched the same way.
  let idleMount = null; // {runtime, queue, running, nearby} once the page has settled
  async function mountInTurn() {
    if (!idleMount || idleMount.running) return;
    idleMount.running = true;
    while (idleMount.queue.length) {
      await idleMount.queue.shift().whenMounted().catch(() => {});
      await idleMount.runtime.idle();
    }
    idleMount.running = false;
  }

  function watch(editor) {
    if (idleMount) idleMount.nearby.observe(editor.frame);
  }

  function mountWhenIdle() {
    const runtime = window.interactiveRuntime;
    if (!runtime || runtime.prefetchSkipReason()) return;
    runtime.whenSettled().then(() => {
      const nearby = new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          nearby.unobserve(entry.target);
          idleMount.queue.push(byFrame.get(entry.target));
        }
        mountInTurn();
      }, { rootMargin: "100% 0px" });
      idleMount = { runtime, queue: [], running: false, nearby };
      editors.forEach(watch);
    });
  }

  mountWhenIdle();
  return { attach, of, mountAll };
})();
