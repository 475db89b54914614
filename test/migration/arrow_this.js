// Arrow functions capturing `this`: from constructor functions, object methods, class constructors and class-field arrows, used as timer callbacks.
function Timer(name, limit, then) {
  this.name = name;
  this.n = 0;
  this.log = [];
  this.id = setInterval(() => {
    this.n++;
    this.log.push(this.name + this.n);
    console.log(this.name, 'tick', this.n);
    if (this.n === limit) {
      clearInterval(this.id);
      console.log(this.name, 'stopped', this.log.join(','));
      if (then) then.call(this);
    }
  }, 20);
}

class Button {
  clicks = 0;
  onClick = () => {
    this.clicks++;
    return this.label + ' clicked ' + this.clicks;
  };
  constructor(label) {
    this.label = label;
    this.later = () => () => this.label.toLowerCase() + '/' + this.clicks;
  }
  method() {
    return function () {
      return this === undefined ? 'plain call: no this' : 'called on ' + this.label;
    };
  }
}

const ok = new Button('OK');
const cancel = new Button('Cancel');
const detached = ok.onClick; // still tied to ok through the arrow
const nested = cancel.later();
const plainFn = ok.method();

const thermo = {
  temp: 18,
  target: 21,
  history: [],
  start(done) {
    const adjust = (delta) => {
      this.temp += delta;
      this.history.push(this.temp);
    };
    setTimeout(() => {
      adjust(this.temp < this.target ? 1 : -1);
      console.log('thermo', this.temp, this.history.join(' '));
      setTimeout(() => {
        adjust(2);
        [1, 1].forEach((d) => adjust(-d));
        console.log('thermo again', this.temp, this.history.join(' '));
        done(this);
      }, 30);
    }, 40);
  },
};

function clickRounds(who) {
  console.log('rounds start after', who.history.length, 'adjustments');
  let round = 0;
  const id = setInterval(() => {
    round++;
    console.log('round', round, detached(), round % 2 ? cancel.onClick() : '-', nested(), plainFn.call(cancel));
    if (round === 4) {
      clearInterval(id);
      setTimeout(function () {
        console.log('function timer this is the Timeout:', typeof this, t1.n, t2.n, ok.clicks, cancel.clicks);
      }, 20);
    }
  }, 25);
}

const t1 = new Timer('A', 3, function () {
  console.log('then called on', this.name, this.n);
  thermo.start(clickRounds);
});
const t2 = new Timer('B', 2);
