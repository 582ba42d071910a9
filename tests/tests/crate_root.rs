//! What a generated crate offers at its root and in each version's module: the types a
//! first call names (`Endpoint`, `Language`) without reaching into the runtime.

use tencentcloud_trtc::v20190722::Config;

#[test]
fn endpoint_and_language_are_at_the_crate_root_and_in_each_version() {
    let config = Config::builder()
        .region("ap-guangzhou")
        .endpoint(tencentcloud_trtc::Endpoint::Regional)
        .language(tencentcloud_trtc::Language::EnUs)
        .build()
        .expect("config");
    assert_eq!(config.endpoint(), &tencentcloud_trtc::runtime::Endpoint::Regional);
    assert_eq!(config.language(), tencentcloud_trtc::runtime::Language::EnUs);
    let same = Config::builder()
        .region("ap-guangzhou")
        .endpoint(tencentcloud_trtc::v20190722::Endpoint::Regional)
        .language(tencentcloud_trtc::v20190722::Language::EnUs)
        .build()
        .expect("config");
    assert_eq!((same.endpoint(), same.language()), (config.endpoint(), config.language()));
}
