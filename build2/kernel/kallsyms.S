	.section .kallsyms, "a"
	.balign 8
	.globl kallsyms_num, kallsyms_addrs, kallsyms_sizes, kallsyms_names
kallsyms_num:
	.dword 792
kallsyms_addrs:
	.dword 0x0000000080200000
	.dword 0x000000008020002e
	.dword 0x0000000080200040
	.dword 0x0000000080200068
	.dword 0x000000008020012e
	.dword 0x0000000080200154
	.dword 0x00000000802001a6
	.dword 0x0000000080200200
	.dword 0x0000000080200242
	.dword 0x0000000080200264
	.dword 0x0000000080200282
	.dword 0x00000000802002ca
	.dword 0x00000000802002ec
	.dword 0x00000000802002fc
	.dword 0x00000000802003ce
	.dword 0x0000000080200446
	.dword 0x0000000080200526
	.dword 0x0000000080200526
	.dword 0x000000008020053c
	.dword 0x0000000080200540
	.dword 0x0000000080200576
	.dword 0x00000000802005d8
	.dword 0x0000000080200632
	.dword 0x000000008020070a
	.dword 0x000000008020072e
	.dword 0x00000000802007aa
	.dword 0x0000000080200912
	.dword 0x0000000080200990
	.dword 0x00000000802009a2
	.dword 0x00000000802009ac
	.dword 0x00000000802009b8
	.dword 0x00000000802009be
	.dword 0x00000000802009d0
	.dword 0x00000000802009e2
	.dword 0x00000000802009f4
	.dword 0x0000000080200a08
	.dword 0x0000000080200ace
	.dword 0x0000000080200afe
	.dword 0x0000000080200b20
	.dword 0x0000000080200b78
	.dword 0x0000000080200c2c
	.dword 0x0000000080200cfc
	.dword 0x0000000080200d5e
	.dword 0x0000000080200dac
	.dword 0x0000000080200e9e
	.dword 0x000000008020104a
	.dword 0x0000000080201062
	.dword 0x0000000080201078
	.dword 0x000000008020109e
	.dword 0x00000000802010d8
	.dword 0x0000000080201110
	.dword 0x0000000080201148
	.dword 0x0000000080201182
	.dword 0x00000000802011ae
	.dword 0x00000000802011d8
	.dword 0x00000000802011de
	.dword 0x00000000802011f2
	.dword 0x0000000080201214
	.dword 0x000000008020122e
	.dword 0x000000008020124a
	.dword 0x000000008020127c
	.dword 0x00000000802013d0
	.dword 0x0000000080201402
	.dword 0x0000000080201f32
	.dword 0x0000000080202050
	.dword 0x00000000802020c2
	.dword 0x000000008020215a
	.dword 0x00000000802021e8
	.dword 0x0000000080202270
	.dword 0x00000000802022fa
	.dword 0x0000000080202406
	.dword 0x000000008020254c
	.dword 0x0000000080202696
	.dword 0x0000000080203744
	.dword 0x0000000080203b98
	.dword 0x0000000080203ba6
	.dword 0x0000000080203c2e
	.dword 0x0000000080203c48
	.dword 0x0000000080203cac
	.dword 0x0000000080203cfa
	.dword 0x0000000080203d44
	.dword 0x0000000080203daa
	.dword 0x0000000080203e34
	.dword 0x0000000080203fea
	.dword 0x0000000080204014
	.dword 0x0000000080204030
	.dword 0x0000000080204050
	.dword 0x0000000080204070
	.dword 0x0000000080204086
	.dword 0x000000008020409c
	.dword 0x00000000802040ce
	.dword 0x0000000080204134
	.dword 0x0000000080204268
	.dword 0x000000008020429c
	.dword 0x00000000802043fa
	.dword 0x00000000802044be
	.dword 0x00000000802045a2
	.dword 0x00000000802046dc
	.dword 0x00000000802046f0
	.dword 0x0000000080204714
	.dword 0x0000000080204764
	.dword 0x00000000802047d8
	.dword 0x00000000802047f0
	.dword 0x0000000080204808
	.dword 0x0000000080204820
	.dword 0x0000000080204838
	.dword 0x0000000080204868
	.dword 0x00000000802049c6
	.dword 0x0000000080204a08
	.dword 0x0000000080204a40
	.dword 0x0000000080204ad2
	.dword 0x00000000802060c2
	.dword 0x0000000080206384
	.dword 0x00000000802067a4
	.dword 0x00000000802067f4
	.dword 0x00000000802068ba
	.dword 0x00000000802068d2
	.dword 0x0000000080206906
	.dword 0x00000000802069ec
	.dword 0x0000000080206a3a
	.dword 0x0000000080206f36
	.dword 0x0000000080206fb2
	.dword 0x000000008020712a
	.dword 0x00000000802072d2
	.dword 0x0000000080207314
	.dword 0x00000000802073e2
	.dword 0x0000000080207452
	.dword 0x0000000080207518
	.dword 0x00000000802076a0
	.dword 0x00000000802076de
	.dword 0x0000000080207864
	.dword 0x0000000080207bd2
	.dword 0x0000000080207be0
	.dword 0x0000000080207bf0
	.dword 0x0000000080207c38
	.dword 0x0000000080207c48
	.dword 0x0000000080207c6c
	.dword 0x0000000080207c82
	.dword 0x0000000080207cc8
	.dword 0x0000000080207ce8
	.dword 0x0000000080207d0a
	.dword 0x0000000080207d26
	.dword 0x0000000080207d3c
	.dword 0x0000000080207d52
	.dword 0x0000000080207de8
	.dword 0x0000000080207dfc
	.dword 0x0000000080207e10
	.dword 0x0000000080207e24
	.dword 0x0000000080207e6c
	.dword 0x0000000080207eb8
	.dword 0x0000000080207efa
	.dword 0x0000000080207f26
	.dword 0x000000008020801e
	.dword 0x0000000080208096
	.dword 0x00000000802080f6
	.dword 0x0000000080208156
	.dword 0x0000000080208ca0
	.dword 0x0000000080208e08
	.dword 0x0000000080208f32
	.dword 0x0000000080208f5e
	.dword 0x0000000080209104
	.dword 0x000000008020915a
	.dword 0x0000000080209234
	.dword 0x000000008020925e
	.dword 0x0000000080209274
	.dword 0x0000000080209936
	.dword 0x00000000802099bc
	.dword 0x0000000080209ae8
	.dword 0x0000000080209cb8
	.dword 0x0000000080209d92
	.dword 0x000000008020a032
	.dword 0x000000008020a18c
	.dword 0x000000008020a50a
	.dword 0x000000008020a726
	.dword 0x000000008020aa58
	.dword 0x000000008020ac2c
	.dword 0x000000008020af2c
	.dword 0x000000008020b20e
	.dword 0x000000008020b238
	.dword 0x000000008020b3f0
	.dword 0x000000008020b614
	.dword 0x000000008020b8d4
	.dword 0x000000008020ba0e
	.dword 0x000000008020bb68
	.dword 0x000000008020bf46
	.dword 0x000000008020c10a
	.dword 0x000000008020c23e
	.dword 0x000000008020c2b6
	.dword 0x000000008020c40a
	.dword 0x000000008020c588
	.dword 0x000000008020c9b0
	.dword 0x000000008020c9e4
	.dword 0x000000008020ca14
	.dword 0x000000008020cace
	.dword 0x000000008020cb14
	.dword 0x000000008020cb78
	.dword 0x000000008020cd3a
	.dword 0x000000008020cd5a
	.dword 0x000000008020cd70
	.dword 0x000000008020cdee
	.dword 0x000000008020cfde
	.dword 0x000000008020d01a
	.dword 0x000000008020d4e0
	.dword 0x000000008020d510
	.dword 0x000000008020d580
	.dword 0x000000008020d622
	.dword 0x000000008020d68e
	.dword 0x000000008020d6f2
	.dword 0x000000008020d72a
	.dword 0x000000008020d774
	.dword 0x000000008020da96
	.dword 0x000000008020dad0
	.dword 0x000000008020db2e
	.dword 0x000000008020db9a
	.dword 0x000000008020dbb8
	.dword 0x000000008020dcce
	.dword 0x000000008020dd06
	.dword 0x000000008020ddc0
	.dword 0x000000008020e6aa
	.dword 0x000000008020e6fe
	.dword 0x000000008020e856
	.dword 0x000000008020e8bc
	.dword 0x000000008020ea0c
	.dword 0x000000008020eabe
	.dword 0x000000008020ee4c
	.dword 0x000000008020f0a0
	.dword 0x000000008020f0c2
	.dword 0x000000008020f2b2
	.dword 0x000000008020f2be
	.dword 0x000000008020f30e
	.dword 0x000000008020f396
	.dword 0x000000008020f470
	.dword 0x000000008020f51a
	.dword 0x000000008020f584
	.dword 0x000000008020f5a6
	.dword 0x000000008020f9fa
	.dword 0x000000008020fa1c
	.dword 0x000000008020faee
	.dword 0x000000008020fb10
	.dword 0x000000008020fc80
	.dword 0x000000008020fcc6
	.dword 0x000000008020fce0
	.dword 0x000000008020fcfa
	.dword 0x000000008020fd2e
	.dword 0x000000008020fd58
	.dword 0x000000008020fdce
	.dword 0x000000008020fdf6
	.dword 0x000000008020fe2a
	.dword 0x000000008020fef8
	.dword 0x000000008020ffbe
	.dword 0x0000000080210010
	.dword 0x0000000080210036
	.dword 0x000000008021008c
	.dword 0x0000000080210148
	.dword 0x0000000080210272
	.dword 0x000000008021046e
	.dword 0x00000000802104b6
	.dword 0x00000000802104f2
	.dword 0x0000000080210510
	.dword 0x0000000080210586
	.dword 0x00000000802106a4
	.dword 0x00000000802107ea
	.dword 0x00000000802108a4
	.dword 0x0000000080210970
	.dword 0x00000000802109ac
	.dword 0x00000000802109e4
	.dword 0x0000000080210ace
	.dword 0x0000000080210b60
	.dword 0x0000000080210c66
	.dword 0x0000000080210dd0
	.dword 0x0000000080210de4
	.dword 0x0000000080210e24
	.dword 0x0000000080210ebe
	.dword 0x0000000080210fae
	.dword 0x0000000080210fb2
	.dword 0x0000000080210fbc
	.dword 0x0000000080211010
	.dword 0x0000000080211484
	.dword 0x000000008021149c
	.dword 0x000000008021152e
	.dword 0x0000000080211546
	.dword 0x0000000080211586
	.dword 0x0000000080211590
	.dword 0x0000000080219590
	.dword 0x000000008026a000
	.dword 0x000000008026a02e
	.dword 0x000000008026a0fa
	.dword 0x000000008026a16a
	.dword 0x000000008026a2e8
	.dword 0x000000008026a306
	.dword 0x000000008026a322
	.dword 0x000000008026a344
	.dword 0x000000008026a37a
	.dword 0x000000008026a39c
	.dword 0x000000008026a424
	.dword 0x000000008026a492
	.dword 0x000000008026a514
	.dword 0x000000008026a61e
	.dword 0x000000008026a652
	.dword 0x000000008026a74a
	.dword 0x000000008026a770
	.dword 0x000000008026a7a0
	.dword 0x000000008026a818
	.dword 0x000000008026a84a
	.dword 0x000000008026a874
	.dword 0x000000008026a8ba
	.dword 0x000000008026a8ee
	.dword 0x000000008026a94c
	.dword 0x000000008026ac86
	.dword 0x000000008026ad06
	.dword 0x000000008026ae0e
	.dword 0x000000008026af26
	.dword 0x000000008026af3a
	.dword 0x000000008026b08c
	.dword 0x000000008026b0c0
	.dword 0x000000008026b184
	.dword 0x000000008026b198
	.dword 0x000000008026b27a
	.dword 0x000000008026b358
	.dword 0x000000008026b39e
	.dword 0x000000008026b3b2
	.dword 0x000000008026b3da
	.dword 0x000000008026b404
	.dword 0x000000008026b432
	.dword 0x000000008026b468
	.dword 0x000000008026b488
	.dword 0x000000008026b4d0
	.dword 0x000000008026b53c
	.dword 0x000000008026b5bc
	.dword 0x000000008026b5e4
	.dword 0x000000008026b654
	.dword 0x000000008026b698
	.dword 0x000000008026b78a
	.dword 0x000000008026b810
	.dword 0x000000008026b824
	.dword 0x000000008026b85a
	.dword 0x000000008026b990
	.dword 0x000000008026b9b8
	.dword 0x000000008026ba70
	.dword 0x000000008026ba94
	.dword 0x000000008026bb1a
	.dword 0x000000008026bb3c
	.dword 0x000000008026bbb2
	.dword 0x000000008026bbfa
	.dword 0x000000008026bcc4
	.dword 0x000000008026bcee
	.dword 0x000000008026bd10
	.dword 0x000000008026bd30
	.dword 0x000000008026bdbc
	.dword 0x000000008026bdde
	.dword 0x000000008026beea
	.dword 0x000000008026bf40
	.dword 0x000000008026c044
	.dword 0x000000008026c21e
	.dword 0x000000008026c252
	.dword 0x000000008026c276
	.dword 0x000000008026c4a2
	.dword 0x000000008026c550
	.dword 0x000000008026c56c
	.dword 0x000000008026c57e
	.dword 0x000000008026c590
	.dword 0x000000008026c5a2
	.dword 0x000000008026c5b4
	.dword 0x000000008026c5cc
	.dword 0x000000008026c674
	.dword 0x000000008026c72e
	.dword 0x000000008026c938
	.dword 0x000000008026ca32
	.dword 0x000000008026ca54
	.dword 0x000000008026ca7c
	.dword 0x000000008026cade
	.dword 0x000000008026cb36
	.dword 0x000000008026ccc2
	.dword 0x000000008026ccd8
	.dword 0x000000008026ccf8
	.dword 0x000000008026cd2c
	.dword 0x000000008026cd5a
	.dword 0x000000008026ce1e
	.dword 0x000000008026ce50
	.dword 0x000000008026ceaa
	.dword 0x000000008026cf14
	.dword 0x000000008026cf36
	.dword 0x000000008026d00a
	.dword 0x000000008026d03c
	.dword 0x000000008026d07c
	.dword 0x000000008026d196
	.dword 0x000000008026d292
	.dword 0x000000008026d2ca
	.dword 0x000000008026d33c
	.dword 0x000000008026d370
	.dword 0x000000008026d3a4
	.dword 0x000000008026d468
	.dword 0x000000008026d4ee
	.dword 0x000000008026d5b0
	.dword 0x000000008026d6a8
	.dword 0x000000008026d6e8
	.dword 0x000000008026d74e
	.dword 0x000000008026d794
	.dword 0x000000008026d850
	.dword 0x000000008026d868
	.dword 0x000000008026d964
	.dword 0x000000008026da1a
	.dword 0x000000008026dac8
	.dword 0x000000008026db28
	.dword 0x000000008026db58
	.dword 0x000000008026dbe8
	.dword 0x000000008026dbfc
	.dword 0x000000008026dc86
	.dword 0x000000008026dd14
	.dword 0x000000008026dd52
	.dword 0x000000008026dd9c
	.dword 0x000000008026ddf0
	.dword 0x000000008026de12
	.dword 0x000000008026de3e
	.dword 0x000000008026def8
	.dword 0x000000008026df18
	.dword 0x000000008026df62
	.dword 0x000000008026dfac
	.dword 0x000000008026e03c
	.dword 0x000000008026e0c6
	.dword 0x000000008026e114
	.dword 0x000000008026e3a0
	.dword 0x000000008026e3cc
	.dword 0x000000008026e400
	.dword 0x000000008026e43e
	.dword 0x000000008026e4a8
	.dword 0x000000008026e65a
	.dword 0x000000008026e738
	.dword 0x000000008026e816
	.dword 0x000000008026e9b6
	.dword 0x000000008026ea2e
	.dword 0x000000008026ec30
	.dword 0x000000008026ee42
	.dword 0x000000008026ee5a
	.dword 0x000000008026eefa
	.dword 0x000000008026f0b6
	.dword 0x000000008026f0cc
	.dword 0x000000008026f10a
	.dword 0x000000008026f1d6
	.dword 0x000000008026f1ec
	.dword 0x000000008026f1fe
	.dword 0x000000008026f210
	.dword 0x000000008026f31c
	.dword 0x000000008026f428
	.dword 0x000000008026f45c
	.dword 0x000000008026f4a2
	.dword 0x000000008026f510
	.dword 0x000000008026f5d8
	.dword 0x000000008026f602
	.dword 0x000000008026f778
	.dword 0x000000008026f8ce
	.dword 0x000000008026f904
	.dword 0x000000008026fa54
	.dword 0x000000008026faca
	.dword 0x000000008026fb2c
	.dword 0x000000008026fc2c
	.dword 0x000000008026fca0
	.dword 0x000000008026fce8
	.dword 0x000000008026ff98
	.dword 0x000000008026ffb8
	.dword 0x000000008026ffd8
	.dword 0x000000008026fff8
	.dword 0x0000000080270018
	.dword 0x0000000080270038
	.dword 0x0000000080270058
	.dword 0x0000000080270078
	.dword 0x0000000080270098
	.dword 0x00000000802700b8
	.dword 0x00000000802700d8
	.dword 0x00000000802700f8
	.dword 0x0000000080270118
	.dword 0x0000000080270138
	.dword 0x0000000080270158
	.dword 0x0000000080270174
	.dword 0x0000000080270174
	.dword 0x0000000080270180
	.dword 0x0000000080270180
	.dword 0x000000008027018c
	.dword 0x0000000080270190
	.dword 0x000000008027019c
	.dword 0x00000000802701a0
	.dword 0x00000000802701b8
	.dword 0x00000000802701cc
	.dword 0x00000000802701d4
	.dword 0x00000000802701e4
	.dword 0x00000000802701fc
	.dword 0x0000000080270204
	.dword 0x0000000080270218
	.dword 0x0000000080270220
	.dword 0x000000008027023c
	.dword 0x0000000080270244
	.dword 0x0000000080270258
	.dword 0x0000000080270274
	.dword 0x0000000080270284
	.dword 0x0000000080270298
	.dword 0x00000000802702a8
	.dword 0x00000000802702c4
	.dword 0x00000000802702d4
	.dword 0x00000000802702dc
	.dword 0x00000000802702f0
	.dword 0x00000000802702f8
	.dword 0x0000000080270314
	.dword 0x0000000080270328
	.dword 0x0000000080270338
	.dword 0x0000000080270340
	.dword 0x000000008027035c
	.dword 0x0000000080270370
	.dword 0x0000000080270380
	.dword 0x000000008027039c
	.dword 0x00000000802703ac
	.dword 0x00000000802703b4
	.dword 0x00000000802703c8
	.dword 0x00000000802703c8
	.dword 0x00000000802703d4
	.dword 0x00000000802703de
	.dword 0x00000000802703e4
	.dword 0x00000000802703ee
	.dword 0x00000000802703f8
	.dword 0x0000000080270402
	.dword 0x0000000080270410
	.dword 0x000000008027041a
	.dword 0x0000000080270428
	.dword 0x000000008027042a
	.dword 0x0000000080270438
	.dword 0x000000008027043a
	.dword 0x0000000080270444
	.dword 0x0000000080270446
	.dword 0x0000000080270454
	.dword 0x0000000080270456
	.dword 0x0000000080270460
	.dword 0x00000000802704aa
	.dword 0x00000000802704c2
	.dword 0x00000000802704d8
	.dword 0x0000000080270634
	.dword 0x0000000080270916
	.dword 0x0000000080270942
	.dword 0x0000000080270958
	.dword 0x00000000802709e0
	.dword 0x0000000080270a5a
	.dword 0x0000000080270a9e
	.dword 0x0000000080270b02
	.dword 0x0000000080270c4e
	.dword 0x0000000080270e90
	.dword 0x000000008027113c
	.dword 0x0000000080271404
	.dword 0x0000000080271660
	.dword 0x00000000802719a2
	.dword 0x00000000802719ca
	.dword 0x0000000080271a72
	.dword 0x0000000080271ab0
	.dword 0x000000008027205a
	.dword 0x000000008027207c
	.dword 0x0000000080272114
	.dword 0x000000008027231c
	.dword 0x000000008027239e
	.dword 0x000000008027247e
	.dword 0x00000000802724f4
	.dword 0x00000000802727c2
	.dword 0x0000000080272c2e
	.dword 0x0000000080272ec8
	.dword 0x0000000080272ed4
	.dword 0x00000000802732f0
	.dword 0x000000008027349e
	.dword 0x0000000080273aaa
	.dword 0x0000000080273d36
	.dword 0x0000000080273d54
	.dword 0x0000000080273d70
	.dword 0x0000000080273d8c
	.dword 0x0000000080273db2
	.dword 0x0000000080273e34
	.dword 0x0000000080274272
	.dword 0x00000000802742a2
	.dword 0x00000000802742e2
	.dword 0x000000008027432e
	.dword 0x00000000802743a4
	.dword 0x0000000080274570
	.dword 0x0000000080274592
	.dword 0x00000000802745b4
	.dword 0x00000000802745f0
	.dword 0x0000000080274706
	.dword 0x000000008027485a
	.dword 0x000000008027486a
	.dword 0x00000000802748e4
	.dword 0x0000000080274992
	.dword 0x0000000080274ac6
	.dword 0x0000000080274bba
	.dword 0x0000000080274d02
	.dword 0x0000000080274d36
	.dword 0x0000000080274d58
	.dword 0x0000000080274df2
	.dword 0x0000000080274e4a
	.dword 0x0000000080274f36
	.dword 0x0000000080274f64
	.dword 0x0000000080275032
	.dword 0x0000000080275118
	.dword 0x00000000802752c4
	.dword 0x00000000802752f8
	.dword 0x000000008027532a
	.dword 0x0000000080275408
	.dword 0x000000008027547c
	.dword 0x000000008027566a
	.dword 0x00000000802757ea
	.dword 0x000000008027594a
	.dword 0x0000000080275ae0
	.dword 0x0000000080275c54
	.dword 0x0000000080275d8c
	.dword 0x0000000080275d94
	.dword 0x0000000080275d9a
	.dword 0x0000000080275da8
	.dword 0x0000000080275e32
	.dword 0x0000000080275e5c
	.dword 0x0000000080275ee6
	.dword 0x0000000080275f0a
	.dword 0x0000000080275f22
	.dword 0x0000000080275f54
	.dword 0x0000000080275f7e
	.dword 0x0000000080275f8a
	.dword 0x00000000802760f0
	.dword 0x00000000802764b8
	.dword 0x00000000802767c6
	.dword 0x0000000080276b7a
	.dword 0x00000000802770ec
	.dword 0x000000008027729c
	.dword 0x00000000802775e4
	.dword 0x0000000080277abe
	.dword 0x0000000080277b46
	.dword 0x0000000080277f5c
	.dword 0x000000008027832e
	.dword 0x00000000802787ce
	.dword 0x0000000080278832
	.dword 0x000000008027891c
	.dword 0x0000000080278caa
	.dword 0x0000000080278cd4
	.dword 0x0000000080278ef2
	.dword 0x00000000802790cc
	.dword 0x00000000802790e8
	.dword 0x0000000080279236
	.dword 0x00000000802792a2
	.dword 0x000000008027976e
	.dword 0x00000000802797b4
	.dword 0x00000000802797fc
	.dword 0x0000000080279844
	.dword 0x000000008027988c
	.dword 0x00000000802798de
	.dword 0x000000008027992e
	.dword 0x000000008027997e
	.dword 0x00000000802799d0
	.dword 0x0000000080279a2c
	.dword 0x0000000080279ea8
	.dword 0x0000000080279eb0
	.dword 0x0000000080279eb8
	.dword 0x0000000080279ec0
	.dword 0x0000000080279ed8
	.dword 0x0000000080279ee8
	.dword 0x0000000080279ef0
	.dword 0x0000000080279efc
	.dword 0x0000000080279f0c
	.dword 0x0000000080279f10
	.dword 0x0000000080279f14
	.dword 0x0000000080279f1e
	.dword 0x0000000080279f2e
	.dword 0x0000000080279f36
	.dword 0x0000000080279f42
	.dword 0x0000000080279f4a
	.dword 0x000000008028a8f0
	.dword 0x000000008028a902
	.dword 0x000000008028a920
	.dword 0x000000008028a962
	.dword 0x000000008028a9be
	.dword 0x000000008028ad36
	.dword 0x000000008028b034
	.dword 0x000000008028b0ea
	.dword 0x000000008028b6c0
	.dword 0x000000008028bad2
	.dword 0x000000008028bf32
	.dword 0x000000008028c26a
	.dword 0x000000008028c39e
	.dword 0x000000008028c80c
	.dword 0x000000008028c92a
	.dword 0x000000008028c9ba
	.dword 0x000000008028c9ea
	.dword 0x000000008028cac2
	.dword 0x000000008028caf2
	.dword 0x000000008028cb22
	.dword 0x000000008028cba8
	.dword 0x000000008028cd40
	.dword 0x000000008028cd90
	.dword 0x000000008028cf58
	.dword 0x000000008028cf66
	.dword 0x000000008028cf74
	.dword 0x000000008028d1fe
	.dword 0x000000008028d3c6
	.dword 0x000000008028d43c
	.dword 0x000000008028d532
	.dword 0x000000008028d896
	.dword 0x000000008028db24
	.dword 0x000000008028db5e
	.dword 0x000000008028dd1c
	.dword 0x000000008028dd64
	.dword 0x000000008028dd84
	.dword 0x000000008028dd98
	.dword 0x000000008028ddb0
	.dword 0x000000008028ddd2
	.dword 0x000000008028de04
	.dword 0x000000008028de54
	.dword 0x000000008028dece
	.dword 0x000000008028deea
	.dword 0x000000008028def6
	.dword 0x000000008028df26
	.dword 0x000000008028df32
	.dword 0x000000008028e06c
	.dword 0x000000008028e0be
	.dword 0x000000008028e0e2
	.dword 0x000000008028e5e2
	.dword 0x000000008028ea28
	.dword 0x000000008028ef26
	.dword 0x000000008028f3e0
	.dword 0x000000008028f488
	.dword 0x000000008028f4d0
	.dword 0x000000008028f536
	.dword 0x000000008028f584
	.dword 0x000000008028f5ba
	.dword 0x000000008028fb66
	.dword 0x000000008028fb82
	.dword 0x000000008028fc1e
	.dword 0x000000008028fc3e
	.dword 0x000000008028fc7e
	.dword 0x00000000802900b4
	.dword 0x00000000802900d4
	.dword 0x00000000802900fe
	.dword 0x00000000802903e8
	.dword 0x000000008029069e
	.dword 0x00000000802906d0
	.dword 0x0000000080290710
	.dword 0x000000008029074e
	.dword 0x00000000802907b2
	.dword 0x0000000080290930
	.dword 0x0000000080290d78
	.dword 0x00000000802913e4
	.dword 0x0000000080291a58
	.dword 0x00000000802922c8
	.dword 0x00000000802922fc
	.dword 0x0000000080292892
	.dword 0x00000000802928ce
	.dword 0x00000000802928e0
	.dword 0x0000000080292cbe
	.dword 0x0000000080292cf8
	.dword 0x0000000080292d18
	.dword 0x0000000080292d38
	.dword 0x0000000080292d40
	.dword 0x0000000080292d50
	.dword 0x0000000080292d68
	.dword 0x0000000080292d8c
	.dword 0x0000000080292d98
	.dword 0x0000000080292ddc
	.dword 0x0000000080292df0
	.dword 0x0000000080292e00
	.dword 0x0000000080292e0c
	.dword 0x0000000080292e9a
	.dword 0x0000000080292ee6
	.dword 0x0000000080292f4a
	.dword 0x0000000080292fd4
	.dword 0x0000000080293722
	.dword 0x000000008029375e
	.dword 0x000000008029379a
	.dword 0x00000000802937d8
	.dword 0x00000000802938c8
	.dword 0x00000000802938da
	.dword 0x000000008029390e
	.dword 0x0000000080293924
	.dword 0x000000008029392c
	.dword 0x0000000080293938
	.dword 0x000000008029394e
	.dword 0x00000000802939a2
	.dword 0x00000000802939e2
	.dword 0x0000000080293a1a
	.dword 0x0000000080293a28
	.dword 0x0000000080293a34
	.dword 0x0000000080293b5a
	.dword 0x0000000080293bda
	.dword 0x0000000080293c66
	.dword 0x0000000080293c8e
	.dword 0x0000000080293cb0
	.dword 0x0000000080293cd2
	.dword 0x0000000080293d8a
	.dword 0x0000000080293d98
	.dword 0x0000000080293e3c
	.dword 0x0000000080293e48
	.dword 0x0000000080293e68
	.dword 0x0000000080293ec0
	.dword 0x0000000080293f28
	.dword 0x0000000080294002
kallsyms_sizes:
	.dword 0x2e
	.dword 0x12
	.dword 0x28
	.dword 0xc6
	.dword 0x26
	.dword 0x52
	.dword 0x5a
	.dword 0x42
	.dword 0x22
	.dword 0x1e
	.dword 0x48
	.dword 0x22
	.dword 0x10
	.dword 0xd2
	.dword 0x78
	.dword 0xe0
	.dword 0x16
	.dword 0x16
	.dword 0x4
	.dword 0x36
	.dword 0x62
	.dword 0x5a
	.dword 0xd8
	.dword 0x24
	.dword 0x7c
	.dword 0x168
	.dword 0x7e
	.dword 0x12
	.dword 0xa
	.dword 0xc
	.dword 0x6
	.dword 0x12
	.dword 0x12
	.dword 0x12
	.dword 0x12
	.dword 0xc6
	.dword 0x30
	.dword 0x22
	.dword 0x56
	.dword 0xb4
	.dword 0xd0
	.dword 0x62
	.dword 0x4e
	.dword 0xf2
	.dword 0x1ac
	.dword 0x18
	.dword 0x16
	.dword 0x26
	.dword 0x3a
	.dword 0x38
	.dword 0x38
	.dword 0x3a
	.dword 0x2c
	.dword 0x2a
	.dword 0x6
	.dword 0x14
	.dword 0x22
	.dword 0x1a
	.dword 0x1c
	.dword 0x32
	.dword 0x154
	.dword 0x32
	.dword 0xb30
	.dword 0x11e
	.dword 0x72
	.dword 0x98
	.dword 0x8e
	.dword 0x88
	.dword 0x8a
	.dword 0x10c
	.dword 0x146
	.dword 0x14a
	.dword 0x10ae
	.dword 0x454
	.dword 0xe
	.dword 0x88
	.dword 0x1a
	.dword 0x64
	.dword 0x4e
	.dword 0x4a
	.dword 0x66
	.dword 0x8a
	.dword 0x1b6
	.dword 0x2a
	.dword 0x1c
	.dword 0x20
	.dword 0x20
	.dword 0x16
	.dword 0x16
	.dword 0x32
	.dword 0x66
	.dword 0x134
	.dword 0x34
	.dword 0x15e
	.dword 0xc4
	.dword 0xe4
	.dword 0x13a
	.dword 0x14
	.dword 0x24
	.dword 0x50
	.dword 0x74
	.dword 0x18
	.dword 0x18
	.dword 0x18
	.dword 0x18
	.dword 0x30
	.dword 0x15e
	.dword 0x42
	.dword 0x38
	.dword 0x92
	.dword 0x15f0
	.dword 0x2c2
	.dword 0x420
	.dword 0x50
	.dword 0xc6
	.dword 0x18
	.dword 0x34
	.dword 0xe6
	.dword 0x4e
	.dword 0x4fc
	.dword 0x7c
	.dword 0x178
	.dword 0x1a8
	.dword 0x42
	.dword 0xce
	.dword 0x70
	.dword 0xc6
	.dword 0x188
	.dword 0x3e
	.dword 0x186
	.dword 0x36e
	.dword 0xe
	.dword 0x10
	.dword 0x48
	.dword 0x10
	.dword 0x24
	.dword 0x16
	.dword 0x46
	.dword 0x20
	.dword 0x22
	.dword 0x1c
	.dword 0x16
	.dword 0x16
	.dword 0x96
	.dword 0x14
	.dword 0x14
	.dword 0x14
	.dword 0x48
	.dword 0x4c
	.dword 0x42
	.dword 0x2c
	.dword 0xf8
	.dword 0x78
	.dword 0x60
	.dword 0x60
	.dword 0xb4a
	.dword 0x168
	.dword 0x12a
	.dword 0x2c
	.dword 0x1a6
	.dword 0x56
	.dword 0xda
	.dword 0x2a
	.dword 0x16
	.dword 0x6c2
	.dword 0x86
	.dword 0x12c
	.dword 0x1d0
	.dword 0xda
	.dword 0x2a0
	.dword 0x15a
	.dword 0x37e
	.dword 0x21c
	.dword 0x332
	.dword 0x1d4
	.dword 0x300
	.dword 0x2e2
	.dword 0x2a
	.dword 0x1b8
	.dword 0x224
	.dword 0x2c0
	.dword 0x13a
	.dword 0x15a
	.dword 0x3de
	.dword 0x1c4
	.dword 0x134
	.dword 0x78
	.dword 0x154
	.dword 0x17e
	.dword 0x428
	.dword 0x34
	.dword 0x30
	.dword 0xba
	.dword 0x46
	.dword 0x64
	.dword 0x1c2
	.dword 0x20
	.dword 0x16
	.dword 0x7e
	.dword 0x1f0
	.dword 0x3c
	.dword 0x4c6
	.dword 0x30
	.dword 0x70
	.dword 0xa2
	.dword 0x6c
	.dword 0x64
	.dword 0x38
	.dword 0x4a
	.dword 0x322
	.dword 0x3a
	.dword 0x5e
	.dword 0x6c
	.dword 0x1e
	.dword 0x116
	.dword 0x38
	.dword 0xba
	.dword 0x8ea
	.dword 0x54
	.dword 0x158
	.dword 0x66
	.dword 0x150
	.dword 0xb2
	.dword 0x38e
	.dword 0x254
	.dword 0x22
	.dword 0x1f0
	.dword 0xc
	.dword 0x50
	.dword 0x88
	.dword 0xda
	.dword 0xaa
	.dword 0x6a
	.dword 0x22
	.dword 0x454
	.dword 0x22
	.dword 0xd2
	.dword 0x22
	.dword 0x170
	.dword 0x46
	.dword 0x1a
	.dword 0x1a
	.dword 0x34
	.dword 0x2a
	.dword 0x76
	.dword 0x28
	.dword 0x34
	.dword 0xce
	.dword 0xc6
	.dword 0x52
	.dword 0x26
	.dword 0x56
	.dword 0xbc
	.dword 0x12a
	.dword 0x1fc
	.dword 0x48
	.dword 0x3c
	.dword 0x1e
	.dword 0x76
	.dword 0x11e
	.dword 0x146
	.dword 0xba
	.dword 0xcc
	.dword 0x3c
	.dword 0x38
	.dword 0xea
	.dword 0x92
	.dword 0x106
	.dword 0x16a
	.dword 0x14
	.dword 0x40
	.dword 0x9a
	.dword 0xf0
	.dword 0x4
	.dword 0xa
	.dword 0x54
	.dword 0x474
	.dword 0x18
	.dword 0x92
	.dword 0x18
	.dword 0x40
	.dword 0xa
	.dword 0x8000
	.dword 0x82
	.dword 0x2e
	.dword 0xcc
	.dword 0x70
	.dword 0x17e
	.dword 0x1e
	.dword 0x1c
	.dword 0x22
	.dword 0x36
	.dword 0x22
	.dword 0x88
	.dword 0x6e
	.dword 0x82
	.dword 0x10a
	.dword 0x34
	.dword 0xf8
	.dword 0x26
	.dword 0x30
	.dword 0x78
	.dword 0x32
	.dword 0x2a
	.dword 0x46
	.dword 0x34
	.dword 0x5e
	.dword 0x33a
	.dword 0x80
	.dword 0x108
	.dword 0x118
	.dword 0x14
	.dword 0x152
	.dword 0x34
	.dword 0xc4
	.dword 0x14
	.dword 0xe2
	.dword 0xde
	.dword 0x46
	.dword 0x14
	.dword 0x28
	.dword 0x2a
	.dword 0x2e
	.dword 0x36
	.dword 0x20
	.dword 0x48
	.dword 0x6c
	.dword 0x80
	.dword 0x28
	.dword 0x70
	.dword 0x44
	.dword 0xf2
	.dword 0x86
	.dword 0x14
	.dword 0x36
	.dword 0x136
	.dword 0x28
	.dword 0xb8
	.dword 0x24
	.dword 0x86
	.dword 0x22
	.dword 0x76
	.dword 0x48
	.dword 0xca
	.dword 0x2a
	.dword 0x22
	.dword 0x20
	.dword 0x8c
	.dword 0x22
	.dword 0x10c
	.dword 0x56
	.dword 0x104
	.dword 0x1da
	.dword 0x34
	.dword 0x24
	.dword 0x22c
	.dword 0xae
	.dword 0x1c
	.dword 0x12
	.dword 0x12
	.dword 0x12
	.dword 0x12
	.dword 0x18
	.dword 0xa8
	.dword 0xba
	.dword 0x20a
	.dword 0xfa
	.dword 0x22
	.dword 0x28
	.dword 0x62
	.dword 0x58
	.dword 0x18c
	.dword 0x14
	.dword 0x20
	.dword 0x34
	.dword 0x2e
	.dword 0xc4
	.dword 0x32
	.dword 0x5a
	.dword 0x6a
	.dword 0x22
	.dword 0xd4
	.dword 0x32
	.dword 0x40
	.dword 0x11a
	.dword 0xfc
	.dword 0x38
	.dword 0x72
	.dword 0x34
	.dword 0x34
	.dword 0xc4
	.dword 0x86
	.dword 0xc2
	.dword 0xf8
	.dword 0x40
	.dword 0x66
	.dword 0x46
	.dword 0xbc
	.dword 0x18
	.dword 0xfc
	.dword 0xb6
	.dword 0xae
	.dword 0x60
	.dword 0x30
	.dword 0x90
	.dword 0x14
	.dword 0x8a
	.dword 0x8e
	.dword 0x3e
	.dword 0x4a
	.dword 0x54
	.dword 0x22
	.dword 0x2c
	.dword 0xba
	.dword 0x20
	.dword 0x4a
	.dword 0x4a
	.dword 0x90
	.dword 0x8a
	.dword 0x4e
	.dword 0x28c
	.dword 0x2c
	.dword 0x34
	.dword 0x3e
	.dword 0x6a
	.dword 0x1b2
	.dword 0xde
	.dword 0xde
	.dword 0x1a0
	.dword 0x78
	.dword 0x202
	.dword 0x212
	.dword 0x18
	.dword 0xa0
	.dword 0x1bc
	.dword 0x16
	.dword 0x3e
	.dword 0xcc
	.dword 0x14
	.dword 0x12
	.dword 0x12
	.dword 0x10c
	.dword 0x10c
	.dword 0x34
	.dword 0x46
	.dword 0x6e
	.dword 0xc8
	.dword 0x2a
	.dword 0x176
	.dword 0x156
	.dword 0x36
	.dword 0x150
	.dword 0x76
	.dword 0x62
	.dword 0x100
	.dword 0x74
	.dword 0x48
	.dword 0x2b0
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x20
	.dword 0x1c
	.dword 0xc
	.dword 0xc
	.dword 0xc
	.dword 0xc
	.dword 0x4
	.dword 0xc
	.dword 0x4
	.dword 0x18
	.dword 0x14
	.dword 0x8
	.dword 0x10
	.dword 0x18
	.dword 0x8
	.dword 0x14
	.dword 0x8
	.dword 0x1c
	.dword 0x8
	.dword 0x14
	.dword 0x1c
	.dword 0x10
	.dword 0x14
	.dword 0x10
	.dword 0x1c
	.dword 0x10
	.dword 0x8
	.dword 0x14
	.dword 0x8
	.dword 0x1c
	.dword 0x14
	.dword 0x10
	.dword 0x8
	.dword 0x1c
	.dword 0x14
	.dword 0x10
	.dword 0x1c
	.dword 0x10
	.dword 0x8
	.dword 0x14
	.dword 0xc
	.dword 0xc
	.dword 0xa
	.dword 0x6
	.dword 0xa
	.dword 0xa
	.dword 0xa
	.dword 0xe
	.dword 0xa
	.dword 0xe
	.dword 0x2
	.dword 0xe
	.dword 0x2
	.dword 0xa
	.dword 0x2
	.dword 0xe
	.dword 0x2
	.dword 0xa
	.dword 0x4a
	.dword 0x18
	.dword 0x16
	.dword 0x15c
	.dword 0x2e2
	.dword 0x2c
	.dword 0x16
	.dword 0x88
	.dword 0x7a
	.dword 0x44
	.dword 0x64
	.dword 0x14c
	.dword 0x242
	.dword 0x2ac
	.dword 0x2c8
	.dword 0x25c
	.dword 0x342
	.dword 0x28
	.dword 0xa8
	.dword 0x3e
	.dword 0x5aa
	.dword 0x22
	.dword 0x98
	.dword 0x208
	.dword 0x82
	.dword 0xe0
	.dword 0x76
	.dword 0x2ce
	.dword 0x46c
	.dword 0x29a
	.dword 0xc
	.dword 0x41c
	.dword 0x1ae
	.dword 0x60c
	.dword 0x28c
	.dword 0x1e
	.dword 0x1c
	.dword 0x1c
	.dword 0x26
	.dword 0x82
	.dword 0x43e
	.dword 0x30
	.dword 0x40
	.dword 0x4c
	.dword 0x76
	.dword 0x1cc
	.dword 0x22
	.dword 0x22
	.dword 0x3c
	.dword 0x116
	.dword 0x154
	.dword 0x10
	.dword 0x7a
	.dword 0xae
	.dword 0x134
	.dword 0xf4
	.dword 0x148
	.dword 0x34
	.dword 0x22
	.dword 0x9a
	.dword 0x58
	.dword 0xec
	.dword 0x2e
	.dword 0xce
	.dword 0xe6
	.dword 0x1ac
	.dword 0x34
	.dword 0x32
	.dword 0xde
	.dword 0x74
	.dword 0x1ee
	.dword 0x180
	.dword 0x160
	.dword 0x196
	.dword 0x174
	.dword 0x138
	.dword 0x8
	.dword 0x6
	.dword 0xe
	.dword 0x8a
	.dword 0x2a
	.dword 0x8a
	.dword 0x24
	.dword 0x18
	.dword 0x32
	.dword 0x2a
	.dword 0xc
	.dword 0x166
	.dword 0x3c8
	.dword 0x30e
	.dword 0x3b4
	.dword 0x572
	.dword 0x1b0
	.dword 0x348
	.dword 0x4da
	.dword 0x88
	.dword 0x416
	.dword 0x3d2
	.dword 0x4a0
	.dword 0x64
	.dword 0xea
	.dword 0x38e
	.dword 0x2a
	.dword 0x21e
	.dword 0x1da
	.dword 0x1c
	.dword 0x14e
	.dword 0x6c
	.dword 0x4cc
	.dword 0x46
	.dword 0x48
	.dword 0x48
	.dword 0x48
	.dword 0x52
	.dword 0x50
	.dword 0x50
	.dword 0x52
	.dword 0x5c
	.dword 0x47a
	.dword 0x8
	.dword 0x8
	.dword 0x8
	.dword 0x18
	.dword 0x10
	.dword 0x8
	.dword 0xc
	.dword 0x10
	.dword 0x4
	.dword 0x4
	.dword 0xa
	.dword 0x10
	.dword 0x8
	.dword 0xc
	.dword 0x8
	.dword 0x109a4
	.dword 0x12
	.dword 0x1e
	.dword 0x42
	.dword 0x5c
	.dword 0x378
	.dword 0x2fe
	.dword 0xb6
	.dword 0x5d6
	.dword 0x412
	.dword 0x460
	.dword 0x338
	.dword 0x134
	.dword 0x46e
	.dword 0x11e
	.dword 0x90
	.dword 0x30
	.dword 0xd8
	.dword 0x30
	.dword 0x30
	.dword 0x86
	.dword 0x198
	.dword 0x50
	.dword 0x1c8
	.dword 0xe
	.dword 0xe
	.dword 0x28a
	.dword 0x1c8
	.dword 0x76
	.dword 0xf6
	.dword 0x364
	.dword 0x28e
	.dword 0x3a
	.dword 0x1be
	.dword 0x48
	.dword 0x20
	.dword 0x14
	.dword 0x18
	.dword 0x22
	.dword 0x32
	.dword 0x50
	.dword 0x7a
	.dword 0x1c
	.dword 0xc
	.dword 0x30
	.dword 0xc
	.dword 0x13a
	.dword 0x52
	.dword 0x24
	.dword 0x500
	.dword 0x446
	.dword 0x4fe
	.dword 0x4ba
	.dword 0xa8
	.dword 0x48
	.dword 0x66
	.dword 0x4e
	.dword 0x36
	.dword 0x5ac
	.dword 0x1c
	.dword 0x9c
	.dword 0x20
	.dword 0x40
	.dword 0x436
	.dword 0x20
	.dword 0x2a
	.dword 0x2ea
	.dword 0x2b6
	.dword 0x32
	.dword 0x40
	.dword 0x3e
	.dword 0x64
	.dword 0x17e
	.dword 0x448
	.dword 0x66c
	.dword 0x674
	.dword 0x870
	.dword 0x34
	.dword 0x596
	.dword 0x3c
	.dword 0x12
	.dword 0x3de
	.dword 0x38
	.dword 0x1e
	.dword 0x20
	.dword 0x8
	.dword 0xe
	.dword 0x18
	.dword 0x24
	.dword 0xc
	.dword 0x44
	.dword 0x14
	.dword 0x10
	.dword 0xc
	.dword 0x8e
	.dword 0x4c
	.dword 0x64
	.dword 0x8a
	.dword 0x74e
	.dword 0x3c
	.dword 0x3c
	.dword 0x3e
	.dword 0xf0
	.dword 0x12
	.dword 0x34
	.dword 0x16
	.dword 0x8
	.dword 0xc
	.dword 0x16
	.dword 0x54
	.dword 0x40
	.dword 0x38
	.dword 0xe
	.dword 0xc
	.dword 0x126
	.dword 0x80
	.dword 0x8c
	.dword 0x28
	.dword 0x22
	.dword 0x22
	.dword 0xb8
	.dword 0xe
	.dword 0xa2
	.dword 0xc
	.dword 0x20
	.dword 0x58
	.dword 0x68
	.dword 0xda
	.dword 0x160
kallsyms_names:
	.dword .Lname0
	.dword .Lname1
	.dword .Lname2
	.dword .Lname3
	.dword .Lname4
	.dword .Lname5
	.dword .Lname6
	.dword .Lname7
	.dword .Lname8
	.dword .Lname9
	.dword .Lname10
	.dword .Lname11
	.dword .Lname12
	.dword .Lname13
	.dword .Lname14
	.dword .Lname15
	.dword .Lname16
	.dword .Lname17
	.dword .Lname18
	.dword .Lname19
	.dword .Lname20
	.dword .Lname21
	.dword .Lname22
	.dword .Lname23
	.dword .Lname24
	.dword .Lname25
	.dword .Lname26
	.dword .Lname27
	.dword .Lname28
	.dword .Lname29
	.dword .Lname30
	.dword .Lname31
	.dword .Lname32
	.dword .Lname33
	.dword .Lname34
	.dword .Lname35
	.dword .Lname36
	.dword .Lname37
	.dword .Lname38
	.dword .Lname39
	.dword .Lname40
	.dword .Lname41
	.dword .Lname42
	.dword .Lname43
	.dword .Lname44
	.dword .Lname45
	.dword .Lname46
	.dword .Lname47
	.dword .Lname48
	.dword .Lname49
	.dword .Lname50
	.dword .Lname51
	.dword .Lname52
	.dword .Lname53
	.dword .Lname54
	.dword .Lname55
	.dword .Lname56
	.dword .Lname57
	.dword .Lname58
	.dword .Lname59
	.dword .Lname60
	.dword .Lname61
	.dword .Lname62
	.dword .Lname63
	.dword .Lname64
	.dword .Lname65
	.dword .Lname66
	.dword .Lname67
	.dword .Lname68
	.dword .Lname69
	.dword .Lname70
	.dword .Lname71
	.dword .Lname72
	.dword .Lname73
	.dword .Lname74
	.dword .Lname75
	.dword .Lname76
	.dword .Lname77
	.dword .Lname78
	.dword .Lname79
	.dword .Lname80
	.dword .Lname81
	.dword .Lname82
	.dword .Lname83
	.dword .Lname84
	.dword .Lname85
	.dword .Lname86
	.dword .Lname87
	.dword .Lname88
	.dword .Lname89
	.dword .Lname90
	.dword .Lname91
	.dword .Lname92
	.dword .Lname93
	.dword .Lname94
	.dword .Lname95
	.dword .Lname96
	.dword .Lname97
	.dword .Lname98
	.dword .Lname99
	.dword .Lname100
	.dword .Lname101
	.dword .Lname102
	.dword .Lname103
	.dword .Lname104
	.dword .Lname105
	.dword .Lname106
	.dword .Lname107
	.dword .Lname108
	.dword .Lname109
	.dword .Lname110
	.dword .Lname111
	.dword .Lname112
	.dword .Lname113
	.dword .Lname114
	.dword .Lname115
	.dword .Lname116
	.dword .Lname117
	.dword .Lname118
	.dword .Lname119
	.dword .Lname120
	.dword .Lname121
	.dword .Lname122
	.dword .Lname123
	.dword .Lname124
	.dword .Lname125
	.dword .Lname126
	.dword .Lname127
	.dword .Lname128
	.dword .Lname129
	.dword .Lname130
	.dword .Lname131
	.dword .Lname132
	.dword .Lname133
	.dword .Lname134
	.dword .Lname135
	.dword .Lname136
	.dword .Lname137
	.dword .Lname138
	.dword .Lname139
	.dword .Lname140
	.dword .Lname141
	.dword .Lname142
	.dword .Lname143
	.dword .Lname144
	.dword .Lname145
	.dword .Lname146
	.dword .Lname147
	.dword .Lname148
	.dword .Lname149
	.dword .Lname150
	.dword .Lname151
	.dword .Lname152
	.dword .Lname153
	.dword .Lname154
	.dword .Lname155
	.dword .Lname156
	.dword .Lname157
	.dword .Lname158
	.dword .Lname159
	.dword .Lname160
	.dword .Lname161
	.dword .Lname162
	.dword .Lname163
	.dword .Lname164
	.dword .Lname165
	.dword .Lname166
	.dword .Lname167
	.dword .Lname168
	.dword .Lname169
	.dword .Lname170
	.dword .Lname171
	.dword .Lname172
	.dword .Lname173
	.dword .Lname174
	.dword .Lname175
	.dword .Lname176
	.dword .Lname177
	.dword .Lname178
	.dword .Lname179
	.dword .Lname180
	.dword .Lname181
	.dword .Lname182
	.dword .Lname183
	.dword .Lname184
	.dword .Lname185
	.dword .Lname186
	.dword .Lname187
	.dword .Lname188
	.dword .Lname189
	.dword .Lname190
	.dword .Lname191
	.dword .Lname192
	.dword .Lname193
	.dword .Lname194
	.dword .Lname195
	.dword .Lname196
	.dword .Lname197
	.dword .Lname198
	.dword .Lname199
	.dword .Lname200
	.dword .Lname201
	.dword .Lname202
	.dword .Lname203
	.dword .Lname204
	.dword .Lname205
	.dword .Lname206
	.dword .Lname207
	.dword .Lname208
	.dword .Lname209
	.dword .Lname210
	.dword .Lname211
	.dword .Lname212
	.dword .Lname213
	.dword .Lname214
	.dword .Lname215
	.dword .Lname216
	.dword .Lname217
	.dword .Lname218
	.dword .Lname219
	.dword .Lname220
	.dword .Lname221
	.dword .Lname222
	.dword .Lname223
	.dword .Lname224
	.dword .Lname225
	.dword .Lname226
	.dword .Lname227
	.dword .Lname228
	.dword .Lname229
	.dword .Lname230
	.dword .Lname231
	.dword .Lname232
	.dword .Lname233
	.dword .Lname234
	.dword .Lname235
	.dword .Lname236
	.dword .Lname237
	.dword .Lname238
	.dword .Lname239
	.dword .Lname240
	.dword .Lname241
	.dword .Lname242
	.dword .Lname243
	.dword .Lname244
	.dword .Lname245
	.dword .Lname246
	.dword .Lname247
	.dword .Lname248
	.dword .Lname249
	.dword .Lname250
	.dword .Lname251
	.dword .Lname252
	.dword .Lname253
	.dword .Lname254
	.dword .Lname255
	.dword .Lname256
	.dword .Lname257
	.dword .Lname258
	.dword .Lname259
	.dword .Lname260
	.dword .Lname261
	.dword .Lname262
	.dword .Lname263
	.dword .Lname264
	.dword .Lname265
	.dword .Lname266
	.dword .Lname267
	.dword .Lname268
	.dword .Lname269
	.dword .Lname270
	.dword .Lname271
	.dword .Lname272
	.dword .Lname273
	.dword .Lname274
	.dword .Lname275
	.dword .Lname276
	.dword .Lname277
	.dword .Lname278
	.dword .Lname279
	.dword .Lname280
	.dword .Lname281
	.dword .Lname282
	.dword .Lname283
	.dword .Lname284
	.dword .Lname285
	.dword .Lname286
	.dword .Lname287
	.dword .Lname288
	.dword .Lname289
	.dword .Lname290
	.dword .Lname291
	.dword .Lname292
	.dword .Lname293
	.dword .Lname294
	.dword .Lname295
	.dword .Lname296
	.dword .Lname297
	.dword .Lname298
	.dword .Lname299
	.dword .Lname300
	.dword .Lname301
	.dword .Lname302
	.dword .Lname303
	.dword .Lname304
	.dword .Lname305
	.dword .Lname306
	.dword .Lname307
	.dword .Lname308
	.dword .Lname309
	.dword .Lname310
	.dword .Lname311
	.dword .Lname312
	.dword .Lname313
	.dword .Lname314
	.dword .Lname315
	.dword .Lname316
	.dword .Lname317
	.dword .Lname318
	.dword .Lname319
	.dword .Lname320
	.dword .Lname321
	.dword .Lname322
	.dword .Lname323
	.dword .Lname324
	.dword .Lname325
	.dword .Lname326
	.dword .Lname327
	.dword .Lname328
	.dword .Lname329
	.dword .Lname330
	.dword .Lname331
	.dword .Lname332
	.dword .Lname333
	.dword .Lname334
	.dword .Lname335
	.dword .Lname336
	.dword .Lname337
	.dword .Lname338
	.dword .Lname339
	.dword .Lname340
	.dword .Lname341
	.dword .Lname342
	.dword .Lname343
	.dword .Lname344
	.dword .Lname345
	.dword .Lname346
	.dword .Lname347
	.dword .Lname348
	.dword .Lname349
	.dword .Lname350
	.dword .Lname351
	.dword .Lname352
	.dword .Lname353
	.dword .Lname354
	.dword .Lname355
	.dword .Lname356
	.dword .Lname357
	.dword .Lname358
	.dword .Lname359
	.dword .Lname360
	.dword .Lname361
	.dword .Lname362
	.dword .Lname363
	.dword .Lname364
	.dword .Lname365
	.dword .Lname366
	.dword .Lname367
	.dword .Lname368
	.dword .Lname369
	.dword .Lname370
	.dword .Lname371
	.dword .Lname372
	.dword .Lname373
	.dword .Lname374
	.dword .Lname375
	.dword .Lname376
	.dword .Lname377
	.dword .Lname378
	.dword .Lname379
	.dword .Lname380
	.dword .Lname381
	.dword .Lname382
	.dword .Lname383
	.dword .Lname384
	.dword .Lname385
	.dword .Lname386
	.dword .Lname387
	.dword .Lname388
	.dword .Lname389
	.dword .Lname390
	.dword .Lname391
	.dword .Lname392
	.dword .Lname393
	.dword .Lname394
	.dword .Lname395
	.dword .Lname396
	.dword .Lname397
	.dword .Lname398
	.dword .Lname399
	.dword .Lname400
	.dword .Lname401
	.dword .Lname402
	.dword .Lname403
	.dword .Lname404
	.dword .Lname405
	.dword .Lname406
	.dword .Lname407
	.dword .Lname408
	.dword .Lname409
	.dword .Lname410
	.dword .Lname411
	.dword .Lname412
	.dword .Lname413
	.dword .Lname414
	.dword .Lname415
	.dword .Lname416
	.dword .Lname417
	.dword .Lname418
	.dword .Lname419
	.dword .Lname420
	.dword .Lname421
	.dword .Lname422
	.dword .Lname423
	.dword .Lname424
	.dword .Lname425
	.dword .Lname426
	.dword .Lname427
	.dword .Lname428
	.dword .Lname429
	.dword .Lname430
	.dword .Lname431
	.dword .Lname432
	.dword .Lname433
	.dword .Lname434
	.dword .Lname435
	.dword .Lname436
	.dword .Lname437
	.dword .Lname438
	.dword .Lname439
	.dword .Lname440
	.dword .Lname441
	.dword .Lname442
	.dword .Lname443
	.dword .Lname444
	.dword .Lname445
	.dword .Lname446
	.dword .Lname447
	.dword .Lname448
	.dword .Lname449
	.dword .Lname450
	.dword .Lname451
	.dword .Lname452
	.dword .Lname453
	.dword .Lname454
	.dword .Lname455
	.dword .Lname456
	.dword .Lname457
	.dword .Lname458
	.dword .Lname459
	.dword .Lname460
	.dword .Lname461
	.dword .Lname462
	.dword .Lname463
	.dword .Lname464
	.dword .Lname465
	.dword .Lname466
	.dword .Lname467
	.dword .Lname468
	.dword .Lname469
	.dword .Lname470
	.dword .Lname471
	.dword .Lname472
	.dword .Lname473
	.dword .Lname474
	.dword .Lname475
	.dword .Lname476
	.dword .Lname477
	.dword .Lname478
	.dword .Lname479
	.dword .Lname480
	.dword .Lname481
	.dword .Lname482
	.dword .Lname483
	.dword .Lname484
	.dword .Lname485
	.dword .Lname486
	.dword .Lname487
	.dword .Lname488
	.dword .Lname489
	.dword .Lname490
	.dword .Lname491
	.dword .Lname492
	.dword .Lname493
	.dword .Lname494
	.dword .Lname495
	.dword .Lname496
	.dword .Lname497
	.dword .Lname498
	.dword .Lname499
	.dword .Lname500
	.dword .Lname501
	.dword .Lname502
	.dword .Lname503
	.dword .Lname504
	.dword .Lname505
	.dword .Lname506
	.dword .Lname507
	.dword .Lname508
	.dword .Lname509
	.dword .Lname510
	.dword .Lname511
	.dword .Lname512
	.dword .Lname513
	.dword .Lname514
	.dword .Lname515
	.dword .Lname516
	.dword .Lname517
	.dword .Lname518
	.dword .Lname519
	.dword .Lname520
	.dword .Lname521
	.dword .Lname522
	.dword .Lname523
	.dword .Lname524
	.dword .Lname525
	.dword .Lname526
	.dword .Lname527
	.dword .Lname528
	.dword .Lname529
	.dword .Lname530
	.dword .Lname531
	.dword .Lname532
	.dword .Lname533
	.dword .Lname534
	.dword .Lname535
	.dword .Lname536
	.dword .Lname537
	.dword .Lname538
	.dword .Lname539
	.dword .Lname540
	.dword .Lname541
	.dword .Lname542
	.dword .Lname543
	.dword .Lname544
	.dword .Lname545
	.dword .Lname546
	.dword .Lname547
	.dword .Lname548
	.dword .Lname549
	.dword .Lname550
	.dword .Lname551
	.dword .Lname552
	.dword .Lname553
	.dword .Lname554
	.dword .Lname555
	.dword .Lname556
	.dword .Lname557
	.dword .Lname558
	.dword .Lname559
	.dword .Lname560
	.dword .Lname561
	.dword .Lname562
	.dword .Lname563
	.dword .Lname564
	.dword .Lname565
	.dword .Lname566
	.dword .Lname567
	.dword .Lname568
	.dword .Lname569
	.dword .Lname570
	.dword .Lname571
	.dword .Lname572
	.dword .Lname573
	.dword .Lname574
	.dword .Lname575
	.dword .Lname576
	.dword .Lname577
	.dword .Lname578
	.dword .Lname579
	.dword .Lname580
	.dword .Lname581
	.dword .Lname582
	.dword .Lname583
	.dword .Lname584
	.dword .Lname585
	.dword .Lname586
	.dword .Lname587
	.dword .Lname588
	.dword .Lname589
	.dword .Lname590
	.dword .Lname591
	.dword .Lname592
	.dword .Lname593
	.dword .Lname594
	.dword .Lname595
	.dword .Lname596
	.dword .Lname597
	.dword .Lname598
	.dword .Lname599
	.dword .Lname600
	.dword .Lname601
	.dword .Lname602
	.dword .Lname603
	.dword .Lname604
	.dword .Lname605
	.dword .Lname606
	.dword .Lname607
	.dword .Lname608
	.dword .Lname609
	.dword .Lname610
	.dword .Lname611
	.dword .Lname612
	.dword .Lname613
	.dword .Lname614
	.dword .Lname615
	.dword .Lname616
	.dword .Lname617
	.dword .Lname618
	.dword .Lname619
	.dword .Lname620
	.dword .Lname621
	.dword .Lname622
	.dword .Lname623
	.dword .Lname624
	.dword .Lname625
	.dword .Lname626
	.dword .Lname627
	.dword .Lname628
	.dword .Lname629
	.dword .Lname630
	.dword .Lname631
	.dword .Lname632
	.dword .Lname633
	.dword .Lname634
	.dword .Lname635
	.dword .Lname636
	.dword .Lname637
	.dword .Lname638
	.dword .Lname639
	.dword .Lname640
	.dword .Lname641
	.dword .Lname642
	.dword .Lname643
	.dword .Lname644
	.dword .Lname645
	.dword .Lname646
	.dword .Lname647
	.dword .Lname648
	.dword .Lname649
	.dword .Lname650
	.dword .Lname651
	.dword .Lname652
	.dword .Lname653
	.dword .Lname654
	.dword .Lname655
	.dword .Lname656
	.dword .Lname657
	.dword .Lname658
	.dword .Lname659
	.dword .Lname660
	.dword .Lname661
	.dword .Lname662
	.dword .Lname663
	.dword .Lname664
	.dword .Lname665
	.dword .Lname666
	.dword .Lname667
	.dword .Lname668
	.dword .Lname669
	.dword .Lname670
	.dword .Lname671
	.dword .Lname672
	.dword .Lname673
	.dword .Lname674
	.dword .Lname675
	.dword .Lname676
	.dword .Lname677
	.dword .Lname678
	.dword .Lname679
	.dword .Lname680
	.dword .Lname681
	.dword .Lname682
	.dword .Lname683
	.dword .Lname684
	.dword .Lname685
	.dword .Lname686
	.dword .Lname687
	.dword .Lname688
	.dword .Lname689
	.dword .Lname690
	.dword .Lname691
	.dword .Lname692
	.dword .Lname693
	.dword .Lname694
	.dword .Lname695
	.dword .Lname696
	.dword .Lname697
	.dword .Lname698
	.dword .Lname699
	.dword .Lname700
	.dword .Lname701
	.dword .Lname702
	.dword .Lname703
	.dword .Lname704
	.dword .Lname705
	.dword .Lname706
	.dword .Lname707
	.dword .Lname708
	.dword .Lname709
	.dword .Lname710
	.dword .Lname711
	.dword .Lname712
	.dword .Lname713
	.dword .Lname714
	.dword .Lname715
	.dword .Lname716
	.dword .Lname717
	.dword .Lname718
	.dword .Lname719
	.dword .Lname720
	.dword .Lname721
	.dword .Lname722
	.dword .Lname723
	.dword .Lname724
	.dword .Lname725
	.dword .Lname726
	.dword .Lname727
	.dword .Lname728
	.dword .Lname729
	.dword .Lname730
	.dword .Lname731
	.dword .Lname732
	.dword .Lname733
	.dword .Lname734
	.dword .Lname735
	.dword .Lname736
	.dword .Lname737
	.dword .Lname738
	.dword .Lname739
	.dword .Lname740
	.dword .Lname741
	.dword .Lname742
	.dword .Lname743
	.dword .Lname744
	.dword .Lname745
	.dword .Lname746
	.dword .Lname747
	.dword .Lname748
	.dword .Lname749
	.dword .Lname750
	.dword .Lname751
	.dword .Lname752
	.dword .Lname753
	.dword .Lname754
	.dword .Lname755
	.dword .Lname756
	.dword .Lname757
	.dword .Lname758
	.dword .Lname759
	.dword .Lname760
	.dword .Lname761
	.dword .Lname762
	.dword .Lname763
	.dword .Lname764
	.dword .Lname765
	.dword .Lname766
	.dword .Lname767
	.dword .Lname768
	.dword .Lname769
	.dword .Lname770
	.dword .Lname771
	.dword .Lname772
	.dword .Lname773
	.dword .Lname774
	.dword .Lname775
	.dword .Lname776
	.dword .Lname777
	.dword .Lname778
	.dword .Lname779
	.dword .Lname780
	.dword .Lname781
	.dword .Lname782
	.dword .Lname783
	.dword .Lname784
	.dword .Lname785
	.dword .Lname786
	.dword .Lname787
	.dword .Lname788
	.dword .Lname789
	.dword .Lname790
	.dword .Lname791
.Lname0:	.asciz "_start"
.Lname1:	.asciz "secondary_start"
.Lname2:	.asciz "set_stack_and_tp"
.Lname3:	.asciz "kernelvec"
.Lname4:	.asciz "push_off"
.Lname5:	.asciz "pop_off"
.Lname6:	.asciz "spin_lock"
.Lname7:	.asciz "spin_unlock"
.Lname8:	.asciz "spin_holding"
.Lname9:	.asciz "sbi_send_ipi"
.Lname10:	.asciz "memcpy"
.Lname11:	.asciz "memset"
.Lname12:	.asciz "sync_icache"
.Lname13:	.asciz "text_patch"
.Lname14:	.asciz "trap_interrupt"
.Lname15:	.asciz "kernel_trap"
.Lname16:	.asciz "copy_nofault"
.Lname17:	.asciz "write_nofault"
.Lname18:	.asciz "on_fault"
.Lname19:	.asciz "time_ns"
.Lname20:	.asciz "ipi_poll"
.Lname21:	.asciz "park"
.Lname22:	.asciz "call_send.isra.0"
.Lname23:	.asciz "ipi_intr"
.Lname24:	.asciz "smp_call_all"
.Lname25:	.asciz "stop_machine"
.Lname26:	.asciz "kallsyms_lookup"
.Lname27:	.asciz "eb_port_read_nofault"
.Lname28:	.asciz "eb_port_cpu_count"
.Lname29:	.asciz "eb_port_irq_save"
.Lname30:	.asciz "eb_port_irq_restore"
.Lname31:	.asciz "eb_port_time_ns"
.Lname32:	.asciz "eb_port_text_patch"
.Lname33:	.asciz "eb_port_stop_machine"
.Lname34:	.asciz "eb_port_symbol_name"
.Lname35:	.asciz "task_wake"
.Lname36:	.asciz "executor_irq_enter"
.Lname37:	.asciz "executor_irq_exit"
.Lname38:	.asciz "tracepoint_call"
.Lname39:	.asciz "user_run"
.Lname40:	.asciz "uservec"
.Lname41:	.asciz "riscv_insn_length"
.Lname42:	.asciz "riscv_decode_entry"
.Lname43:	.asciz "riscv_probe_decode_insn"
.Lname44:	.asciz "riscv_simulate_operands"
.Lname45:	.asciz "simulate_auipc"
.Lname46:	.asciz "simulate_jal"
.Lname47:	.asciz "simulate_jalr"
.Lname48:	.asciz "simulate_beq"
.Lname49:	.asciz "simulate_bne"
.Lname50:	.asciz "simulate_blt"
.Lname51:	.asciz "simulate_bge"
.Lname52:	.asciz "simulate_bltu"
.Lname53:	.asciz "simulate_bgeu"
.Lname54:	.asciz "simulate_c_j"
.Lname55:	.asciz "simulate_c_jr"
.Lname56:	.asciz "simulate_c_jalr"
.Lname57:	.asciz "simulate_c_beqz"
.Lname58:	.asciz "simulate_c_bnez"
.Lname59:	.asciz "bad"
.Lname60:	.asciz "fields"
.Lname61:	.asciz "emit"
.Lname62:	.asciz "bpf_disasm_insn"
.Lname63:	.asciz "parse_num"
.Lname64:	.asciz "fail"
.Lname65:	.asciz "reg"
.Lname66:	.asciz "base_len"
.Lname67:	.asciz "grow"
.Lname68:	.asciz "emit"
.Lname69:	.asciz "add_label"
.Lname70:	.asciz "target"
.Lname71:	.asciz "memop"
.Lname72:	.asciz "instruction"
.Lname73:	.asciz "bpf_asm"
.Lname74:	.asciz "array_delete"
.Lname75:	.asciz "array_alloc"
.Lname76:	.asciz "array_free"
.Lname77:	.asciz "array_get_next_key"
.Lname78:	.asciz "array_update"
.Lname79:	.asciz "array_lookup"
.Lname80:	.asciz "percpu_array_lookup"
.Lname81:	.asciz "percpu_array_alloc"
.Lname82:	.asciz "bpf_map_create"
.Lname83:	.asciz "bpf_map_free"
.Lname84:	.asciz "bpf_map_lookup_elem"
.Lname85:	.asciz "bpf_map_lookup_percpu_elem"
.Lname86:	.asciz "bpf_map_update_elem"
.Lname87:	.asciz "bpf_map_delete_elem"
.Lname88:	.asciz "bpf_map_get_next_key"
.Lname89:	.asciz "bpf_map_direct_value_addr"
.Lname90:	.asciz "find"
.Lname91:	.asciz "htab_get_next_key"
.Lname92:	.asciz "htab_free"
.Lname93:	.asciz "htab_alloc"
.Lname94:	.asciz "htab_lookup"
.Lname95:	.asciz "htab_delete"
.Lname96:	.asciz "htab_update"
.Lname97:	.asciz "get_smp_processor_id"
.Lname98:	.asciz "map_lookup_percpu_elem"
.Lname99:	.asciz "probe_read_kernel"
.Lname100:	.asciz "get_prandom_u32"
.Lname101:	.asciz "ktime_get_ns"
.Lname102:	.asciz "map_delete_elem"
.Lname103:	.asciz "map_update_elem"
.Lname104:	.asciz "map_lookup_elem"
.Lname105:	.asciz "bpf_helper_proto"
.Lname106:	.asciz "bpf_prog_create"
.Lname107:	.asciz "bpf_prog_free"
.Lname108:	.asciz "bpf_prog_verify"
.Lname109:	.asciz "bpf_prog_load"
.Lname110:	.asciz "interp"
.Lname111:	.asciz "op_of"
.Lname112:	.asciz "bpf_prog_prepare"
.Lname113:	.asciz "bpf_prog_run"
.Lname114:	.asciz "verbose"
.Lname115:	.asciz "cur_regs"
.Lname116:	.asciz "reg_type_str"
.Lname117:	.asciz "push_branch"
.Lname118:	.asciz "drop_branch"
.Lname119:	.asciz "bpf_verify"
.Lname120:	.asciz "jump_target"
.Lname121:	.asciz "insn_regs"
.Lname122:	.asciz "precise_transfer"
.Lname123:	.asciz "live_transfer"
.Lname124:	.asciz "successors"
.Lname125:	.asciz "loads.isra.0"
.Lname126:	.asciz "backward_flow"
.Lname127:	.asciz "check_structure"
.Lname128:	.asciz "precision_changed"
.Lname129:	.asciz "update_precision"
.Lname130:	.asciz "compute_liveness"
.Lname131:	.asciz "tnum_const"
.Lname132:	.asciz "tnum_unknown"
.Lname133:	.asciz "tnum_range"
.Lname134:	.asciz "tnum_is_const"
.Lname135:	.asciz "tnum_in"
.Lname136:	.asciz "tnum_intersect"
.Lname137:	.asciz "tnum_cast"
.Lname138:	.asciz "tnum_add"
.Lname139:	.asciz "tnum_sub"
.Lname140:	.asciz "tnum_and"
.Lname141:	.asciz "tnum_or"
.Lname142:	.asciz "tnum_xor"
.Lname143:	.asciz "tnum_mul"
.Lname144:	.asciz "tnum_lshift"
.Lname145:	.asciz "tnum_rshift"
.Lname146:	.asciz "tnum_arshift"
.Lname147:	.asciz "mark_reg_unknown"
.Lname148:	.asciz "mark_reg_known"
.Lname149:	.asciz "mark_reg_not_init"
.Lname150:	.asciz "reg_is_const"
.Lname151:	.asciz "reg_bounds_sync"
.Lname152:	.asciz "mark_reg_subreg_unknown"
.Lname153:	.asciz "mark_reg_sext_unknown"
.Lname154:	.asciz "subreg_view"
.Lname155:	.asciz "scalar_alu"
.Lname156:	.asciz "scalar_end"
.Lname157:	.asciz "scalar_movsx"
.Lname158:	.asciz "scalar_zext32"
.Lname159:	.asciz "ptr_add_scalar"
.Lname160:	.asciz "check_reg_read"
.Lname161:	.asciz "read_source"
.Lname162:	.asciz "check_reg_write"
.Lname163:	.asciz "reg_is_pointer"
.Lname164:	.asciz "check_alu"
.Lname165:	.asciz "swapped"
.Lname166:	.asciz "propagate_scalar"
.Lname167:	.asciz "branch_taken"
.Lname168:	.asciz "mark_ptr_or_null"
.Lname169:	.asciz "refine"
.Lname170:	.asciz "scalar_branch_taken"
.Lname171:	.asciz "scalar_branch"
.Lname172:	.asciz "apply_branch"
.Lname173:	.asciz "check_cond_jmp"
.Lname174:	.asciz "check_region"
.Lname175:	.asciz "stack_read"
.Lname176:	.asciz "stack_write"
.Lname177:	.asciz "mark_ptr"
.Lname178:	.asciz "check_load"
.Lname179:	.asciz "check_store"
.Lname180:	.asciz "check_atomic"
.Lname181:	.asciz "check_lddw"
.Lname182:	.asciz "check_helper_mem"
.Lname183:	.asciz "check_helper_call"
.Lname184:	.asciz "check_call"
.Lname185:	.asciz "check_exit"
.Lname186:	.asciz "check_ids"
.Lname187:	.asciz "regsafe"
.Lname188:	.asciz "copy_frames"
.Lname189:	.asciz "states_equal"
.Lname190:	.asciz "alloc_frame"
.Lname191:	.asciz "free_frame"
.Lname192:	.asciz "grow_stack"
.Lname193:	.asciz "copy_state"
.Lname194:	.asciz "free_state"
.Lname195:	.asciz "is_state_visited"
.Lname196:	.asciz "path_done"
.Lname197:	.asciz "path_forked"
.Lname198:	.asciz "free_explored"
.Lname199:	.asciz "put_num"
.Lname200:	.asciz "eb_fmt_digits"
.Lname201:	.asciz "eb_vsnprintf"
.Lname202:	.asciz "eb_snprintf"
.Lname203:	.asciz "snapshot"
.Lname204:	.asciz "eb_trace_reserve"
.Lname205:	.asciz "eb_trace_commit"
.Lname206:	.asciz "eb_trace_write"
.Lname207:	.asciz "eb_trace_abandoned"
.Lname208:	.asciz "eb_trace_printf"
.Lname209:	.asciz "eb_trace_read"
.Lname210:	.asciz "eb_trace_clear"
.Lname211:	.asciz "word"
.Lname212:	.asciz "good_name"
.Lname213:	.asciz "save_args"
.Lname214:	.asciz "return_hit"
.Lname215:	.asciz "refuse"
.Lname216:	.asciz "probe_hit"
.Lname217:	.asciz "eb_kprobe_events_write"
.Lname218:	.asciz "eb_kprobe_events_hits"
.Lname219:	.asciz "eb_kprobe_events_list"
.Lname220:	.asciz "append.constprop.0"
.Lname221:	.asciz "append_value.isra.0"
.Lname222:	.asciz "fetch_number"
.Lname223:	.asciz "parse_fetch"
.Lname224:	.asciz "fetch_arg_parse"
.Lname225:	.asciz "fetch_save_entry_args"
.Lname226:	.asciz "fetch_arg_print"
.Lname227:	.asciz "nothing"
.Lname228:	.asciz "sync_site"
.Lname229:	.asciz "arm_batch"
.Lname230:	.asciz "disarm_batch"
.Lname231:	.asciz "set_disabled"
.Lname232:	.asciz "kprobe_log"
.Lname233:	.asciz "eb_grace_period"
.Lname234:	.asciz "register_kprobes"
.Lname235:	.asciz "register_kprobe"
.Lname236:	.asciz "unregister_kprobes"
.Lname237:	.asciz "unregister_kprobe"
.Lname238:	.asciz "eb_kprobes_list"
.Lname239:	.asciz "eb_kprobe_slots_free"
.Lname240:	.asciz "disable_kprobe"
.Lname241:	.asciz "enable_kprobe"
.Lname242:	.asciz "kprobe_run_post_handlers"
.Lname243:	.asciz "kprobe_site_missed"
.Lname244:	.asciz "kprobe_abandon_handler"
.Lname245:	.asciz "kprobe_site_insert"
.Lname246:	.asciz "kprobe_site_remove"
.Lname247:	.asciz "pool_ready"
.Lname248:	.asciz "kprobe_slot_alloc"
.Lname249:	.asciz "kprobe_slot_free"
.Lname250:	.asciz "kprobe_slots_free"
.Lname251:	.asciz "kprobe_slot_owner"
.Lname252:	.asciz "arch_check_kprobe_addr"
.Lname253:	.asciz "arch_prepare_kprobe"
.Lname254:	.asciz "arch_arm_kprobe"
.Lname255:	.asciz "arch_disarm_kprobe"
.Lname256:	.asciz "arch_kprobe_mode"
.Lname257:	.asciz "arch_remove_kprobe"
.Lname258:	.asciz "execute_quietly"
.Lname259:	.asciz "busy_breakpoint"
.Lname260:	.asciz "kprobe_breakpoint_handler"
.Lname261:	.asciz "kprobe_fault_handler"
.Lname262:	.asciz "kprobe_handler_faulted"
.Lname263:	.asciz "kprobe_interrupt_fixup"
.Lname264:	.asciz "count_free"
.Lname265:	.asciz "pre_handler_kretprobe"
.Lname266:	.asciz "unregister_chunks"
.Lname267:	.asciz "reap"
.Lname268:	.asciz "disown"
.Lname269:	.asciz "kprobe_kretprobe"
.Lname270:	.asciz "kretprobe_entry_abandoned"
.Lname271:	.asciz "kretprobe_trampoline_handler"
.Lname272:	.asciz "kretprobe_handler_faulted"
.Lname273:	.asciz "get_kretprobe_retaddr"
.Lname274:	.asciz "get_kretprobe"
.Lname275:	.asciz "kretprobe_find_ret_addr"
.Lname276:	.asciz "register_kretprobes"
.Lname277:	.asciz "register_kretprobe"
.Lname278:	.asciz "unregister_kretprobes"
.Lname279:	.asciz "unregister_kretprobe"
.Lname280:	.asciz "eb_kretprobe_disowned"
.Lname281:	.asciz "eb_kretprobe_trampolines_free"
.Lname282:	.asciz "kretprobe_trampolines"
.Lname283:	.asciz "kretprobe_trampoline"
.Lname284:	.asciz "kernel_exit"
.Lname285:	.asciz "bootarg"
.Lname286:	.asciz "bootarg_long"
.Lname287:	.asciz "kmain"
.Lname288:	.asciz "sbi_set_timer"
.Lname289:	.asciz "sbi_hart_start"
.Lname290:	.asciz "sbi_hart_status"
.Lname291:	.asciz "uart_init"
.Lname292:	.asciz "uart_putc"
.Lname293:	.asciz "uart_intr"
.Lname294:	.asciz "console_trygetc"
.Lname295:	.asciz "console_getc"
.Lname296:	.asciz "vprintf"
.Lname297:	.asciz "printf"
.Lname298:	.asciz "vpanic"
.Lname299:	.asciz "panic_regs"
.Lname300:	.asciz "panic"
.Lname301:	.asciz "memmove"
.Lname302:	.asciz "memcmp"
.Lname303:	.asciz "strlen"
.Lname304:	.asciz "strcmp"
.Lname305:	.asciz "strncmp"
.Lname306:	.asciz "be64"
.Lname307:	.asciz "fdt_parse"
.Lname308:	.asciz "kalloc_init"
.Lname309:	.asciz "page_alloc"
.Lname310:	.asciz "page_free"
.Lname311:	.asciz "pages_free"
.Lname312:	.asciz "kmalloc"
.Lname313:	.asciz "kzalloc"
.Lname314:	.asciz "kfree"
.Lname315:	.asciz "kmalloc_live_bytes"
.Lname316:	.asciz "map"
.Lname317:	.asciz "kvm_init"
.Lname318:	.asciz "kvm_perm"
.Lname319:	.asciz "kvm_root"
.Lname320:	.asciz "kvm_inithart"
.Lname321:	.asciz "trap_inithart"
.Lname322:	.asciz "timer_inithart"
.Lname323:	.asciz "timer_intr"
.Lname324:	.asciz "plic_init"
.Lname325:	.asciz "plic_inithart"
.Lname326:	.asciz "plic_intr"
.Lname327:	.asciz "smp_work_start"
.Lname328:	.asciz "smp_work_wait"
.Lname329:	.asciz "idle_loop"
.Lname330:	.asciz "secondary_main"
.Lname331:	.asciz "smp_boot"
.Lname332:	.asciz "kallsyms_lookup_name"
.Lname333:	.asciz "kallsyms_count"
.Lname334:	.asciz "kallsyms_name_at"
.Lname335:	.asciz "backtrace_save_from"
.Lname336:	.asciz "backtrace_save"
.Lname337:	.asciz "backtrace_from"
.Lname338:	.asciz "backtrace"
.Lname339:	.asciz "glob"
.Lname340:	.asciz "print_line"
.Lname341:	.asciz "cmd_harts"
.Lname342:	.asciz "cmd_help"
.Lname343:	.asciz "run_program"
.Lname344:	.asciz "cmd_sh"
.Lname345:	.asciz "cmd_probes"
.Lname346:	.asciz "cmd_ps"
.Lname347:	.asciz "cmd_run"
.Lname348:	.asciz "cmd_poweroff"
.Lname349:	.asciz "cmd_syms"
.Lname350:	.asciz "cmd_kprobe"
.Lname351:	.asciz "cmd_trace"
.Lname352:	.asciz "shell"
.Lname353:	.asciz "ktest_fail"
.Lname354:	.asciz "ktest_expected_harts"
.Lname355:	.asciz "ktest_run"
.Lname356:	.asciz "kbench_run"
.Lname357:	.asciz "eb_port_log"
.Lname358:	.asciz "eb_port_alloc"
.Lname359:	.asciz "eb_port_free"
.Lname360:	.asciz "eb_port_text_reserved"
.Lname361:	.asciz "eb_port_symbol_lookup"
.Lname362:	.asciz "eb_port_slot_area"
.Lname363:	.asciz "take_task"
.Lname364:	.asciz "enqueue"
.Lname365:	.asciz "poll_task"
.Lname366:	.asciz "task_spawn"
.Lname367:	.asciz "current_task"
.Lname368:	.asciz "executor_run_one"
.Lname369:	.asciz "executor_idle"
.Lname370:	.asciz "executor_run_until"
.Lname371:	.asciz "executor_ps"
.Lname372:	.asciz "executor_live_tasks"
.Lname373:	.asciz "waitq_add"
.Lname374:	.asciz "waitq_del"
.Lname375:	.asciz "waitq_wake_all"
.Lname376:	.asciz "sleep_poll"
.Lname377:	.asciz "yield_poll"
.Lname378:	.asciz "sleep_init"
.Lname379:	.asciz "sleep_tick"
.Lname380:	.asciz "yield_init"
.Lname381:	.asciz "console_read_poll"
.Lname382:	.asciz "console_read_init"
.Lname383:	.asciz "console_input_ready"
.Lname384:	.asciz "pipe_write_poll"
.Lname385:	.asciz "pipe_read_poll"
.Lname386:	.asciz "pipe_alloc"
.Lname387:	.asciz "pipe_close"
.Lname388:	.asciz "pipe_read_init"
.Lname389:	.asciz "pipe_write_init"
.Lname390:	.asciz "set_sites"
.Lname391:	.asciz "probe_register"
.Lname392:	.asciz "bpf_probe"
.Lname393:	.asciz "print_probe"
.Lname394:	.asciz "tracepoint_text_reserved"
.Lname395:	.asciz "tracepoint_find"
.Lname396:	.asciz "tracepoint_probe_register"
.Lname397:	.asciz "tracepoint_probe_unregister"
.Lname398:	.asciz "tracepoint_ctx_size"
.Lname399:	.asciz "tracepoint_attach_bpf"
.Lname400:	.asciz "tracepoint_detach_bpf"
.Lname401:	.asciz "tracepoint_list"
.Lname402:	.asciz "tracepoint_print_on"
.Lname403:	.asciz "tracepoint_print_off"
.Lname404:	.asciz "each_page"
.Lname405:	.asciz "count_page"
.Lname406:	.asciz "walk"
.Lname407:	.asciz "copy_page"
.Lname408:	.asciz "uvm_create"
.Lname409:	.asciz "uvm_map"
.Lname410:	.asciz "uvm_page"
.Lname411:	.asciz "uvm_copy"
.Lname412:	.asciz "uvm_pages"
.Lname413:	.asciz "uvm_free"
.Lname414:	.asciz "uvm_switch"
.Lname415:	.asciz "copy_from_user"
.Lname416:	.asciz "copy_to_user"
.Lname417:	.asciz "strncpy_from_user"
.Lname418:	.asciz "user_writable"
.Lname419:	.asciz "user_program_find"
.Lname420:	.asciz "elf_load"
.Lname421:	.asciz "file_console"
.Lname422:	.asciz "file_pipe"
.Lname423:	.asciz "file_dup"
.Lname424:	.asciz "file_close"
.Lname425:	.asciz "proc_poll"
.Lname426:	.asciz "child_wait_poll"
.Lname427:	.asciz "proc_alloc"
.Lname428:	.asciz "thread_exit"
.Lname429:	.asciz "proc_free"
.Lname430:	.asciz "proc_exec"
.Lname431:	.asciz "proc_spawn"
.Lname432:	.asciz "proc_exited"
.Lname433:	.asciz "proc_reap"
.Lname434:	.asciz "proc_fork"
.Lname435:	.asciz "proc_exit"
.Lname436:	.asciz "child_wait_init"
.Lname437:	.asciz "proc_ps"
.Lname438:	.asciz "proc_count"
.Lname439:	.asciz "sys_getpid"
.Lname440:	.asciz "ready_poll"
.Lname441:	.asciz "sys_wait4"
.Lname442:	.asciz "sys_execve"
.Lname443:	.asciz "sys_clone"
.Lname444:	.asciz "sys_getppid"
.Lname445:	.asciz "sys_sched_yield"
.Lname446:	.asciz "sys_nanosleep"
.Lname447:	.asciz "sys_exit"
.Lname448:	.asciz "sys_write"
.Lname449:	.asciz "sys_read"
.Lname450:	.asciz "sys_close"
.Lname451:	.asciz "sys_pipe2"
.Lname452:	.asciz "sys_dup3"
.Lname453:	.asciz "sys_dup"
.Lname454:	.asciz "syscall_begin"
.Lname455:	.asciz "syscall_end"
.Lname456:	.asciz "sim_hook"
.Lname457:	.asciz "run"
.Lname458:	.asciz "ktest_riscv_sim_auipc"
.Lname459:	.asciz "ktest_riscv_sim_jal"
.Lname460:	.asciz "ktest_riscv_sim_jalr"
.Lname461:	.asciz "ktest_riscv_sim_beq"
.Lname462:	.asciz "ktest_riscv_sim_bne"
.Lname463:	.asciz "ktest_riscv_sim_blt"
.Lname464:	.asciz "ktest_riscv_sim_bge"
.Lname465:	.asciz "ktest_riscv_sim_bltu"
.Lname466:	.asciz "ktest_riscv_sim_bgeu"
.Lname467:	.asciz "ktest_riscv_sim_c_j"
.Lname468:	.asciz "ktest_riscv_sim_c_jr"
.Lname469:	.asciz "ktest_riscv_sim_c_jalr"
.Lname470:	.asciz "ktest_riscv_sim_c_beqz"
.Lname471:	.asciz "ktest_riscv_sim_c_bnez"
.Lname472:	.asciz "sim_form_result"
.Lname473:	.asciz "riscv_sim_auipc_pos"
.Lname474:	.asciz "riscv_sim_auipc_pos_site"
.Lname475:	.asciz "riscv_sim_auipc_neg"
.Lname476:	.asciz "riscv_sim_auipc_neg_site"
.Lname477:	.asciz "riscv_sim_auipc_x0"
.Lname478:	.asciz "riscv_sim_auipc_x0_site"
.Lname479:	.asciz "riscv_sim_jal_link"
.Lname480:	.asciz "riscv_sim_jal_link_site"
.Lname481:	.asciz "riscv_sim_jal_back"
.Lname482:	.asciz "riscv_sim_jal_back_site"
.Lname483:	.asciz "riscv_sim_jalr_link"
.Lname484:	.asciz "riscv_sim_jalr_link_site"
.Lname485:	.asciz "riscv_sim_jalr_rd_rs1"
.Lname486:	.asciz "riscv_sim_jalr_rd_rs1_site"
.Lname487:	.asciz "riscv_sim_beq_taken"
.Lname488:	.asciz "riscv_sim_beq_taken_site"
.Lname489:	.asciz "riscv_sim_beq_not"
.Lname490:	.asciz "riscv_sim_beq_not_site"
.Lname491:	.asciz "riscv_sim_bne_taken"
.Lname492:	.asciz "riscv_sim_bne_taken_site"
.Lname493:	.asciz "riscv_sim_bne_not"
.Lname494:	.asciz "riscv_sim_bne_not_site"
.Lname495:	.asciz "riscv_sim_blt_taken"
.Lname496:	.asciz "riscv_sim_blt_taken_site"
.Lname497:	.asciz "riscv_sim_blt_not"
.Lname498:	.asciz "riscv_sim_blt_not_site"
.Lname499:	.asciz "riscv_sim_bge_taken"
.Lname500:	.asciz "riscv_sim_bge_taken_site"
.Lname501:	.asciz "riscv_sim_bge_not"
.Lname502:	.asciz "riscv_sim_bge_not_site"
.Lname503:	.asciz "riscv_sim_bltu_taken"
.Lname504:	.asciz "riscv_sim_bltu_taken_site"
.Lname505:	.asciz "riscv_sim_bltu_not"
.Lname506:	.asciz "riscv_sim_bltu_not_site"
.Lname507:	.asciz "riscv_sim_bgeu_taken"
.Lname508:	.asciz "riscv_sim_bgeu_taken_site"
.Lname509:	.asciz "riscv_sim_bgeu_not"
.Lname510:	.asciz "riscv_sim_bgeu_not_site"
.Lname511:	.asciz "riscv_sim_c_j_fwd"
.Lname512:	.asciz "riscv_sim_c_j_fwd_site"
.Lname513:	.asciz "riscv_sim_c_j_back"
.Lname514:	.asciz "riscv_sim_c_j_back_site"
.Lname515:	.asciz "riscv_sim_c_jr"
.Lname516:	.asciz "riscv_sim_c_jr_site"
.Lname517:	.asciz "riscv_sim_c_jalr"
.Lname518:	.asciz "riscv_sim_c_jalr_site"
.Lname519:	.asciz "riscv_sim_c_jalr_ra"
.Lname520:	.asciz "riscv_sim_c_jalr_ra_site"
.Lname521:	.asciz "riscv_sim_c_beqz_taken"
.Lname522:	.asciz "riscv_sim_c_beqz_taken_site"
.Lname523:	.asciz "riscv_sim_c_beqz_not"
.Lname524:	.asciz "riscv_sim_c_beqz_not_site"
.Lname525:	.asciz "riscv_sim_c_bnez_taken"
.Lname526:	.asciz "riscv_sim_c_bnez_taken_site"
.Lname527:	.asciz "riscv_sim_c_bnez_not"
.Lname528:	.asciz "riscv_sim_c_bnez_not_site"
.Lname529:	.asciz "one_io_poll"
.Lname530:	.asciz "pending_once_poll"
.Lname531:	.asciz "count_exit"
.Lname532:	.asciz "player_poll"
.Lname533:	.asciz "ktest_async_pipe_ping_pong"
.Lname534:	.asciz "reached"
.Lname535:	.asciz "is_idle"
.Lname536:	.asciz "sleeper_poll"
.Lname537:	.asciz "yielder_poll"
.Lname538:	.asciz "record_timer_wake"
.Lname539:	.asciz "woken_in_poll_poll"
.Lname540:	.asciz "ktest_async_two_wakes_queue_once"
.Lname541:	.asciz "ktest_async_woken_during_poll_runs_again"
.Lname542:	.asciz "ktest_async_yielders_all_finish"
.Lname543:	.asciz "ktest_async_pipe_eof_and_epipe"
.Lname544:	.asciz "ktest_async_await_chain_names_the_leaf"
.Lname545:	.asciz "ktest_async_sleepers_wake_in_deadline_order"
.Lname546:	.asciz "done_or_late"
.Lname547:	.asciz "ktest_user_unknown_program_does_not_start"
.Lname548:	.asciz "all_exited"
.Lname549:	.asciz "ktest_user_uaccess_faults_are_errors"
.Lname550:	.asciz "note_hart"
.Lname551:	.asciz "run"
.Lname552:	.asciz "ktest_user_echo_exits_zero"
.Lname553:	.asciz "ktest_user_pipe_ping_pong_between_processes"
.Lname554:	.asciz "ktest_user_fork_and_wait_for_children"
.Lname555:	.asciz "ktest_user_every_pointer_syscall_gives_efault"
.Lname556:	.asciz "ktest_user_faulting_program_is_killed"
.Lname557:	.asciz "ktest_user_hundreds_of_processes_exit_with_their_codes"
.Lname558:	.asciz "ktest_user_cpu_bound_process_is_preempted"
.Lname559:	.asciz "ignore"
.Lname560:	.asciz "ktest_tracepoint_disabled_is_nop_enabled_is_jump"
.Lname561:	.asciz "ktest_tracepoint_probe_slots_run_out"
.Lname562:	.asciz "ktest_tracepoint_counts_match_the_syscalls_issued"
.Lname563:	.asciz "ktest_tracepoint_wakes_name_their_waker"
.Lname564:	.asciz "on_task_exit"
.Lname565:	.asciz "on_poll_begin"
.Lname566:	.asciz "on_spawn"
.Lname567:	.asciz "on_wake"
.Lname568:	.asciz "load"
.Lname569:	.asciz "ktest_tracepoint_ebpf_program_counts_syscalls"
.Lname570:	.asciz "on_poll_end"
.Lname571:	.asciz "on_exit"
.Lname572:	.asciz "on_enter"
.Lname573:	.asciz "roundtrip_hook"
.Lname574:	.asciz "roundtrip"
.Lname575:	.asciz "ktest_trap_ebreak_roundtrip_keeps_registers"
.Lname576:	.asciz "ktest_trap_c_ebreak_roundtrip_keeps_registers"
.Lname577:	.asciz "ktest_trap_handler_changes_take_effect"
.Lname578:	.asciz "ktest_trap_fault_fixup_returns_efault"
.Lname579:	.asciz "trap_roundtrip_asm"
.Lname580:	.asciz "trap_roundtrip_ebreak"
.Lname581:	.asciz "trap_roundtrip_cebreak"
.Lname582:	.asciz "check_others_parked"
.Lname583:	.asciz "ktest_boot_all_harts_report_in"
.Lname584:	.asciz "ktest_timer_fires_on_every_hart"
.Lname585:	.asciz "ktest_ipi_reaches_every_hart"
.Lname586:	.asciz "cross_calls"
.Lname587:	.asciz "mark_called"
.Lname588:	.asciz "ktest_boot_bootargs_parsed"
.Lname589:	.asciz "ktest_ipi_stop_machine_parks_other_harts"
.Lname590:	.asciz "ktest_ipi_concurrent_cross_calls_finish"
.Lname591:	.asciz "call_target"
.Lname592:	.asciz "ktest_patch_refuses_outside_text"
.Lname593:	.asciz "every_hart_returns"
.Lname594:	.asciz "patch_seen_by_every_hart"
.Lname595:	.asciz "ktest_patch_seen_by_every_hart_32bit"
.Lname596:	.asciz "ktest_patch_seen_by_every_hart_16bit"
.Lname597:	.asciz "ktest_wx_text_write_faults"
.Lname598:	.asciz "ktest_wx_rodata_write_faults"
.Lname599:	.asciz "ktest_wx_no_page_is_writable_and_executable"
.Lname600:	.asciz "ktest_kallsyms_name_to_address"
.Lname601:	.asciz "ktest_kallsyms_address_to_name"
.Lname602:	.asciz "kmalloc_stress"
.Lname603:	.asciz "ktest_kmalloc_stress_every_hart_no_leak"
.Lname604:	.asciz "ktest_kmalloc_pages_contiguous_and_reused"
.Lname605:	.asciz "patch_target32"
.Lname606:	.asciz "patch_target16"
.Lname607:	.asciz "crash_probed"
.Lname608:	.asciz "ktest_crash_kprobe_lock_handler_faulting_with_a_lock_panics"
.Lname609:	.asciz "pre_lock_then_fault"
.Lname610:	.asciz "ktest_crash_kretprobe_lock_return_handler_faulting_with_a_lock_panics"
.Lname611:	.asciz "crash_write_to_text.constprop.0"
.Lname612:	.asciz "crash_middle"
.Lname613:	.asciz "ktest_crash_store_to_text_panics_with_backtrace"
.Lname614:	.asciz "ret_lock_then_fault"
.Lname615:	.asciz "post_nothing"
.Lname616:	.asciz "expect_refused"
.Lname617:	.asciz "ktest_kprobe_registration_errors"
.Lname618:	.asciz "ktest_kprobe_every_simulated_form"
.Lname619:	.asciz "ktest_kprobe_stepped_sample_matches_unprobed"
.Lname620:	.asciz "ktest_kprobe_aggregation_in_order_and_partial_removal"
.Lname621:	.asciz "ktest_kprobe_stepped_with_interrupts_off"
.Lname622:	.asciz "ktest_kprobe_pc_change_skips_step_and_post"
.Lname623:	.asciz "ktest_kprobe_recursion_counts_missed_and_runs_the_instruction"
.Lname624:	.asciz "pre_calls_probed"
.Lname625:	.asciz "ktest_kprobe_enable_disable"
.Lname626:	.asciz "ktest_kprobe_symbol_plus_offset"
.Lname627:	.asciz "ktest_kprobe_handler_faults_are_missed_hits"
.Lname628:	.asciz "collect_line"
.Lname629:	.asciz "ktest_kprobe_breakpoint_without_a_probe"
.Lname630:	.asciz "ktest_kprobe_slot_pool_exhaustion_changes_nothing"
.Lname631:	.asciz "pre_safe_read"
.Lname632:	.asciz "ktest_kprobe_stepped_instruction_fault_uses_the_exception_table"
.Lname633:	.asciz "ktest_kprobe_interrupt_on_the_jump_back_leaves_the_slot"
.Lname634:	.asciz "pre_poisoned"
.Lname635:	.asciz "stress_worker"
.Lname636:	.asciz "pre_count"
.Lname637:	.asciz "ktest_kprobe_stress_register_against_calls_on_all_harts"
.Lname638:	.asciz "post_x"
.Lname639:	.asciz "pre_a"
.Lname640:	.asciz "pre_b"
.Lname641:	.asciz "pre_c"
.Lname642:	.asciz "pre_redirect"
.Lname643:	.asciz "post_record"
.Lname644:	.asciz "pre_faults"
.Lname645:	.asciz "post_faults"
.Lname646:	.asciz "pre_record"
.Lname647:	.asciz "ktest_kprobe_list_of_registered_probes"
.Lname648:	.asciz "kp_add"
.Lname649:	.asciz "kp_lui"
.Lname650:	.asciz "kp_mul"
.Lname651:	.asciz "kp_ld_sp"
.Lname652:	.asciz "kp_sd"
.Lname653:	.asciz "kp_amoadd"
.Lname654:	.asciz "kp_fence"
.Lname655:	.asciz "kp_fadd"
.Lname656:	.asciz "kp_c_addi"
.Lname657:	.asciz "kp_c_mv"
.Lname658:	.asciz "kp_c_ldsp"
.Lname659:	.asciz "kp_load"
.Lname660:	.asciz "kp_csr"
.Lname661:	.asciz "kp_writes_gp"
.Lname662:	.asciz "kp_forty_two"
.Lname663:	.asciz "kp_nops"
.Lname664:	.asciz "kpe_other"
.Lname665:	.asciz "kpe_target"
.Lname666:	.asciz "call_target"
.Lname667:	.asciz "call_n_times"
.Lname668:	.asciz "ktest_kprobe_events_define_count_remove"
.Lname669:	.asciz "ktest_kprobe_events_return_probes"
.Lname670:	.asciz "ktest_kprobe_events_refuses_what_linux_refuses"
.Lname671:	.asciz "ktest_kprobe_events_groups_and_percent_return"
.Lname672:	.asciz "ktest_kprobe_events_refusals_leave_nothing"
.Lname673:	.asciz "ktest_kprobe_events_names_as_linux_makes_and_matches_them"
.Lname674:	.asciz "ktest_kprobe_events_nested_write_is_dropped"
.Lname675:	.asciz "one_record.isra.0"
.Lname676:	.asciz "ktest_kprobe_events_every_hart_at_once"
.Lname677:	.asciz "expect_args.part.0"
.Lname678:	.asciz "expect_args"
.Lname679:	.asciz "ktest_kprobe_events_registers_and_types"
.Lname680:	.asciz "ktest_kprobe_events_variables_and_symbols"
.Lname681:	.asciz "ktest_kprobe_events_faults_print_the_marker"
.Lname682:	.asciz "ktest_kprobe_events_hex_in_either_case_and_blanks"
.Lname683:	.asciz "ktest_kprobe_events_memory"
.Lname684:	.asciz "expect_return_args"
.Lname685:	.asciz "ktest_kprobe_events_retval"
.Lname686:	.asciz "ktest_kprobe_events_by_address"
.Lname687:	.asciz "kpe_dotted.isra.0"
.Lname688:	.asciz "tr_probed"
.Lname689:	.asciz "ktest_trace_ring_overwrite_counts_the_loss"
.Lname690:	.asciz "ktest_trace_ring_clear"
.Lname691:	.asciz "race_writer"
.Lname692:	.asciz "ktest_trace_ring_long_lines_are_cut"
.Lname693:	.asciz "ktest_trace_ring_readers_never_see_torn_records"
.Lname694:	.asciz "ktest_trace_ring_a_faulting_handler_gives_its_record_back"
.Lname695:	.asciz "pre_reserve_then_fault"
.Lname696:	.asciz "collect"
.Lname697:	.asciz "trace_collect"
.Lname698:	.asciz "entry_keep_n"
.Lname699:	.asciz "kr_mix"
.Lname700:	.asciz "pre_see_ra"
.Lname701:	.asciz "entry_skip_odd"
.Lname702:	.asciz "entry_hart"
.Lname703:	.asciz "ret_hart"
.Lname704:	.asciz "smp_caller"
.Lname705:	.asciz "entry_where"
.Lname706:	.asciz "nothing"
.Lname707:	.asciz "rv_pre"
.Lname708:	.asciz "rv_post"
.Lname709:	.asciz "expect_refused"
.Lname710:	.asciz "ret_calls_traced"
.Lname711:	.asciz "rv_caller"
.Lname712:	.asciz "ktest_kretprobe_recursion_depth_50_pairs_every_return"
.Lname713:	.asciz "ktest_kretprobe_return_value_and_instance_data"
.Lname714:	.asciz "ktest_kretprobe_entry_handler_skips_a_call"
.Lname715:	.asciz "ktest_kretprobe_handlers_calling_traced_functions_are_missed"
.Lname716:	.asciz "ret_check_n"
.Lname717:	.asciz "ret_where"
.Lname718:	.asciz "ret_args"
.Lname719:	.asciz "entry_args"
.Lname720:	.asciz "ret_wait_disown_then_fault"
.Lname721:	.asciz "ktest_kretprobe_shares_the_entry_with_a_kprobe"
.Lname722:	.asciz "ret_count"
.Lname723:	.asciz "stress_worker"
.Lname724:	.asciz "entry_stress"
.Lname725:	.asciz "ret_stress"
.Lname726:	.asciz "ktest_kretprobe_all_harts_at_once_exact_pairs"
.Lname727:	.asciz "do_stash"
.Lname728:	.asciz "do_resume"
.Lname729:	.asciz "ktest_kretprobe_registration_errors"
.Lname730:	.asciz "ktest_kretprobe_backtrace_through_the_trampoline"
.Lname731:	.asciz "entry_calls_traced"
.Lname732:	.asciz "entry_may_fault"
.Lname733:	.asciz "ret_may_fault"
.Lname734:	.asciz "kr_collect"
.Lname735:	.asciz "ktest_kretprobe_return_handler_fault_racing_unregister"
.Lname736:	.asciz "ktest_kretprobe_stress_register_against_calls_on_all_harts"
.Lname737:	.asciz "ktest_kretprobe_maxactive_exhaustion_counts_nmissed"
.Lname738:	.asciz "ktest_kretprobe_call_returns_on_another_hart"
.Lname739:	.asciz "ktest_kretprobe_handler_faults_are_missed_calls"
.Lname740:	.asciz "kr_wait"
.Lname741:	.asciz "ktest_kretprobe_unregister_with_calls_in_flight"
.Lname742:	.asciz "waiter"
.Lname743:	.asciz "rv_leaf"
.Lname744:	.asciz "ktest_kretprobe_kprobe_fault_nested_in_return_handler"
.Lname745:	.asciz "rv_ret"
.Lname746:	.asciz "kr_recurse"
.Lname747:	.asciz "kr_stash_call"
.Lname748:	.asciz "kr_stash"
.Lname749:	.asciz "kr_resume"
.Lname750:	.asciz "kr_bt_outer"
.Lname751:	.asciz "kr_bt_inner"
.Lname752:	.asciz "nothing"
.Lname753:	.asciz "let_workers_call"
.Lname754:	.asciz "mix_a"
.Lname755:	.asciz "mix_b"
.Lname756:	.asciz "post_b"
.Lname757:	.asciz "burst"
.Lname758:	.asciz "mix_worker"
.Lname759:	.asciz "ret_a"
.Lname760:	.asciz "define_ok"
.Lname761:	.asciz "ktest_probe_mix_everything_at_once_on_all_harts"
.Lname762:	.asciz "pre_a"
.Lname763:	.asciz "pre_b"
.Lname764:	.asciz "entry_a"
.Lname765:	.asciz "kbench_bpf_interp_alu_loop_rv64"
.Lname766:	.asciz "bench_loop_empty"
.Lname767:	.asciz "bench_loop_call"
.Lname768:	.asciz "bench_loop_ebreak"
.Lname769:	.asciz "bench_sim_target"
.Lname770:	.asciz "bench_empty_function"
.Lname771:	.asciz "skip_ebreak"
.Lname772:	.asciz "kbench_trap_roundtrip"
.Lname773:	.asciz "kbench_call_unprobed"
.Lname774:	.asciz "bench_per_call"
.Lname775:	.asciz "empty_pre"
.Lname776:	.asciz "empty_post"
.Lname777:	.asciz "kbench_kprobe_hit_step_10000"
.Lname778:	.asciz "kbench_kprobe_event_hit_2args"
.Lname779:	.asciz "hit_cost.constprop.0"
.Lname780:	.asciz "kbench_kprobe_hit_step_post"
.Lname781:	.asciz "kbench_kprobe_hit_step"
.Lname782:	.asciz "kbench_kprobe_hit_simulate"
.Lname783:	.asciz "kbench_kprobe_register_unregister"
.Lname784:	.asciz "empty_handler"
.Lname785:	.asciz "kbench_kretprobe_hit"
.Lname786:	.asciz "empty_probe"
.Lname787:	.asciz "kbench_tracepoint_disabled"
.Lname788:	.asciz "traced_function"
.Lname789:	.asciz "kbench_tracepoint_enabled_empty_probe"
.Lname790:	.asciz "kbench_syscall_getpid_roundtrip"
.Lname791:	.asciz "kbench_syscall_getpid_roundtrip_traced"
