/** 32x32 PNG (blue disc, white "S"), inlined so the shell needs no asset files next to the compiled code. */
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAcklEQVR42u3XwQ3AIAxD0SzTyRi/Q5gJQIEYMG2Q/hHpHZBI7CmvncxuA8AZHYDJwgCQmgKA3BAAi3IBsDhtQPPi6PEipADYCEAIwHwLCbjzDfwT4CkBUUD+BV0EEaA/kBwfySSGUomxXGIxkVnNvrsdV5lkE+yhBcB0AAAAAElFTkSuQmCC';
