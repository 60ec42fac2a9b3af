// The poster preview and tier progress, computed on the phone by the same engine that
// settles orders on the server: the preview is what settling the poster's order pays.
const shop = require('../../data/shop.js');
const view = require('./view.js');

Page({
  data: { loading: true, error: '', poster: null, progress: null },

  onLoad() {
    return getApp().engine
      .then((fenxiao) => {
        const rules = new fenxiao.RuleSet(shop.rules);
        try {
          const preview = rules.previewEarnings(shop.preview);
          const progress = rules.tierProgress(shop.progress);
          this.setData({
            loading: false,
            poster: view.poster(shop.preview.product, preview),
            progress: view.progress(progress),
          });
        } finally {
          rules.free();
        }
      })
      .catch((e) => {
        // A FenxiaoError names the field: e.code, e.path, e.message.
        this.setData({ loading: false, error: e.path ? e.code + ' @ ' + e.path + ': ' + e.message : String(e.message || e) });
      });
  },
});
