// Exercises: a small ray tracer with a vector class (many short-lived objects and method calls), spheres, a checkered plane, shadows and reflections.

class Vec3 {
  constructor(x, y, z) {
    this.x = x;
    this.y = y;
    this.z = z;
  }

  add(o) { return new Vec3(this.x + o.x, this.y + o.y, this.z + o.z); }
  sub(o) { return new Vec3(this.x - o.x, this.y - o.y, this.z - o.z); }
  scale(s) { return new Vec3(this.x * s, this.y * s, this.z * s); }
  mul(o) { return new Vec3(this.x * o.x, this.y * o.y, this.z * o.z); }
  dot(o) { return this.x * o.x + this.y * o.y + this.z * o.z; }
  cross(o) {
    return new Vec3(this.y * o.z - this.z * o.y, this.z * o.x - this.x * o.z, this.x * o.y - this.y * o.x);
  }
  length() { return Math.sqrt(this.dot(this)); }
  normalize() {
    const len = this.length();
    return len === 0 ? this : this.scale(1 / len);
  }
  // Mirror this direction about the normal n.
  reflect(n) { return this.sub(n.scale(2 * this.dot(n))); }
}

const BLACK = new Vec3(0, 0, 0);
const EPSILON = 1e-4;

function powInt(base, exponent) {
  let result = 1;
  let b = base;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result *= b;
    b *= b;
    e >>= 1;
  }
  return result;
}

class Ray {
  constructor(origin, direction) {
    this.origin = origin;
    this.direction = direction;
  }

  at(t) { return this.origin.add(this.direction.scale(t)); }
}

class Material {
  constructor(color, diffuse, specular, shininess, mirror) {
    this.color = color;
    this.diffuse = diffuse;
    this.specular = specular;
    this.shininess = shininess;
    this.mirror = mirror;
  }

  colorAt(point) { return this.color; }
}

class Checker extends Material {
  constructor(colorA, colorB, size, diffuse, specular, shininess, mirror) {
    super(colorA, diffuse, specular, shininess, mirror);
    this.other = colorB;
    this.size = size;
  }

  colorAt(point) {
    const cell = Math.floor(point.x / this.size) + Math.floor(point.z / this.size);
    return (cell & 1) === 0 ? this.color : this.other;
  }
}

class Shape {
  constructor(material) { this.material = material; }
  intersect(ray) { return Infinity; }
  normalAt(point) { return BLACK; }
}

class Sphere extends Shape {
  constructor(center, radius, material) {
    super(material);
    this.center = center;
    this.radius = radius;
    this.radius2 = radius * radius;
  }

  intersect(ray) {
    const oc = ray.origin.sub(this.center);
    const b = oc.dot(ray.direction);
    const c = oc.dot(oc) - this.radius2;
    const disc = b * b - c;
    if (disc < 0) return Infinity;
    const root = Math.sqrt(disc);
    let t = -b - root;
    if (t > EPSILON) return t;
    t = -b + root;
    return t > EPSILON ? t : Infinity;
  }

  normalAt(point) { return point.sub(this.center).scale(1 / this.radius); }
}

class Plane extends Shape {
  constructor(normal, offset, material) {
    super(material);
    this.normal = normal.normalize();
    this.offset = offset;
  }

  intersect(ray) {
    const denom = this.normal.dot(ray.direction);
    if (denom > -1e-9 && denom < 1e-9) return Infinity;
    const t = (this.offset - this.normal.dot(ray.origin)) / denom;
    return t > EPSILON ? t : Infinity;
  }

  normalAt(point) { return this.normal; }
}

class Light {
  constructor(position, color) {
    this.position = position;
    this.color = color;
  }
}

class Hit {
  constructor(shape, t) {
    this.shape = shape;
    this.t = t;
  }
}

class Scene {
  constructor(shapes, lights, ambient, background) {
    this.shapes = shapes;
    this.lights = lights;
    this.ambient = ambient;
    this.background = background;
    this.raysCast = 0;
  }

  nearest(ray) {
    this.raysCast++;
    let best = null;
    let bestT = Infinity;
    for (const shape of this.shapes) {
      const t = shape.intersect(ray);
      if (t < bestT) {
        bestT = t;
        best = shape;
      }
    }
    return best === null ? null : new Hit(best, bestT);
  }

  occluded(point, toLight, distance) {
    this.raysCast++;
    const ray = new Ray(point, toLight);
    for (const shape of this.shapes) {
      if (shape.intersect(ray) < distance) return true;
    }
    return false;
  }

  trace(ray, depth) {
    const hit = this.nearest(ray);
    if (hit === null) return this.background;
    const shape = hit.shape;
    const material = shape.material;
    const point = ray.at(hit.t);
    let normal = shape.normalAt(point);
    if (normal.dot(ray.direction) > 0) normal = normal.scale(-1);
    const base = material.colorAt(point);
    let color = base.mul(this.ambient);
    const lifted = point.add(normal.scale(EPSILON * 10));
    for (const light of this.lights) {
      const offset = light.position.sub(lifted);
      const distance = offset.length();
      const dir = offset.scale(1 / distance);
      const lambert = normal.dot(dir);
      if (lambert <= 0) continue;
      if (this.occluded(lifted, dir, distance)) continue;
      color = color.add(base.mul(light.color).scale(lambert * material.diffuse));
      const spec = dir.reflect(normal).dot(ray.direction);
      if (spec > 0) color = color.add(light.color.scale(material.specular * powInt(spec, material.shininess)));
    }
    if (depth > 0 && material.mirror > 0) {
      const bounce = new Ray(lifted, ray.direction.reflect(normal).normalize());
      color = color.add(this.trace(bounce, depth - 1).scale(material.mirror));
    }
    return color;
  }
}

class Camera {
  constructor(eye, target, up, width, height, zoom) {
    this.eye = eye;
    this.forward = target.sub(eye).normalize();
    this.right = this.forward.cross(up).normalize();
    this.up = this.right.cross(this.forward);
    this.width = width;
    this.height = height;
    this.zoom = zoom;
  }

  rayThrough(px, py) {
    const aspect = this.width / this.height;
    const u = ((px + 0.5) / this.width * 2 - 1) * aspect * this.zoom;
    const v = (1 - (py + 0.5) / this.height * 2) * this.zoom;
    const dir = this.forward.add(this.right.scale(u)).add(this.up.scale(v)).normalize();
    return new Ray(this.eye, dir);
  }
}

function buildScene() {
  const shapes = [
    new Plane(new Vec3(0, 1, 0), 0,
      new Checker(new Vec3(0.9, 0.9, 0.85), new Vec3(0.15, 0.15, 0.2), 1.0, 0.8, 0.1, 8, 0.25)),
    new Sphere(new Vec3(0, 1, 0), 1, new Material(new Vec3(0.8, 0.2, 0.2), 0.7, 0.6, 32, 0.3)),
    new Sphere(new Vec3(-2.2, 0.7, 0.8), 0.7, new Material(new Vec3(0.2, 0.7, 0.3), 0.8, 0.3, 16, 0.1)),
    new Sphere(new Vec3(2.0, 0.9, -0.6), 0.9, new Material(new Vec3(0.85, 0.85, 0.9), 0.2, 0.9, 64, 0.7)),
    new Sphere(new Vec3(0.6, 0.35, 1.9), 0.35, new Material(new Vec3(0.3, 0.3, 0.9), 0.9, 0.5, 24, 0.0)),
    new Sphere(new Vec3(-0.9, 2.4, -1.5), 0.5, new Material(new Vec3(0.9, 0.7, 0.2), 0.6, 0.4, 12, 0.2)),
  ];
  const lights = [
    new Light(new Vec3(-4, 6, 5), new Vec3(0.7, 0.7, 0.65)),
    new Light(new Vec3(5, 5, 2), new Vec3(0.35, 0.35, 0.5)),
    new Light(new Vec3(0, 8, -6), new Vec3(0.25, 0.2, 0.2)),
  ];
  return new Scene(shapes, lights, new Vec3(0.12, 0.12, 0.14), new Vec3(0.05, 0.07, 0.12));
}

function toByte(c) {
  if (c <= 0) return 0;
  if (c >= 1) return 255;
  return Math.floor(c * 255.999);
}

function render(scene, camera, pixels) {
  let i = 0;
  for (let y = 0; y < camera.height; y++) {
    for (let x = 0; x < camera.width; x++) {
      const c = scene.trace(camera.rayThrough(x, y), 3);
      pixels[i++] = toByte(c.x);
      pixels[i++] = toByte(c.y);
      pixels[i++] = toByte(c.z);
    }
  }
}

const WIDTH = 96;
const HEIGHT = 64;
const FRAMES = 16;

const scene = buildScene();
const pixels = new Array(WIDTH * HEIGHT * 3).fill(0);
let checksum = 2166136261;
let brightness = 0;
for (let frame = 0; frame < FRAMES; frame++) {
  // Orbit the camera using a rational parametrisation of the circle (no trigonometry).
  const s = (frame - FRAMES / 2) / FRAMES;
  const cx = (1 - s * s) / (1 + s * s);
  const cz = (2 * s) / (1 + s * s);
  const eye = new Vec3(cz * 7, 2.6, cx * 7);
  const camera = new Camera(eye, new Vec3(0, 0.9, 0), new Vec3(0, 1, 0), WIDTH, HEIGHT, 0.55);
  render(scene, camera, pixels);
  for (let p = 0; p < pixels.length; p++) {
    checksum = Math.imul(checksum ^ pixels[p], 16777619) >>> 0;
    brightness += pixels[p];
  }
}

console.log("raytrace: " + checksum.toString(16) + " brightness=" + brightness + " rays=" + scene.raysCast);
