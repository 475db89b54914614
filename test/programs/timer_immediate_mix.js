// Checks deterministic timer/immediate interleaving: an immediate queued by a timer callback runs before any timer queued by it; microtasks run after each callback.
function phase(name) {
  console.log(name);
  Promise.resolve().then(() => console.log('  micro after', name));
}

setTimeout(() => {
  phase('A at 30ms');
  setTimeout(() => phase('timeout(0) queued by A'), 0);
  setImmediate(() => phase('immediate 1 queued by A'));
  setImmediate(() => phase('immediate 2 queued by A'));
  setTimeout(() => phase('timeout(0) #2 queued by A'), 0);
}, 30);

setTimeout(() => {
  phase('C at 200ms');
  setImmediate(() => {
    phase('immediate queued by C');
    setTimeout(() => phase('timeout(50) queued by immediate'), 50);
    setImmediate(() => phase('immediate queued by immediate'));
  });
}, 200);
