// Loads the engine once for the whole mini-program; pages await `getApp().engine`.
const fenxiao = require('fenxiao');

App({
  onLaunch() {
    // The wasm (miniprogram_npm/fenxiao/fenxiao_bg.wasm.br) is instantiated by path.
    this.engine = fenxiao.init().then(() => fenxiao);
  },
});
